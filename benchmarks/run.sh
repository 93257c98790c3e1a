#!/usr/bin/env bash
# The whole benchmark in one command: builds Release, then runs every scenario with the load
# generator pinned to core 1 (the servers it starts pin themselves to core 0), and writes
# benchmarks/results/<timestamp>.json, latest.json and the tables of docs/PERFORMANCE.md. The scale
# datasets (10k, 100k, 1M cadres) are built unpinned before the run if they are not cached.
#   benchmarks/run.sh                  # everything (intake, flow, scale)
#   benchmarks/run.sh --only intake    # some scenarios: intake, flow, scale (comma-separated)
#   benchmarks/run.sh smoke            # a tiny configuration of the same code (results in /tmp)
# Environment: BENCH_ARTIFACTS (build output, default /tmp/acct-bench-artifacts),
# XDG_CACHE_HOME (the scale datasets are cached in $XDG_CACHE_HOME/accountability-benchmarks).
set -euo pipefail
export BENCH_STARTED_AT=$(date +%s)
repo=$(cd "$(dirname "$0")/.." && pwd)
artifacts=${BENCH_ARTIFACTS:-/tmp/acct-bench-artifacts}
mode=all
if [[ "${1:-}" == "smoke" ]]; then mode=smoke; shift; fi
dotnet build "$repo/benchmarks/Accountability.Benchmarks/Accountability.Benchmarks.csproj" -c Release --artifacts-path "$artifacts" -v q -nologo
dll="$artifacts/bin/Accountability.Benchmarks/release/Accountability.Benchmarks.dll"
cd "$repo"
# The scale datasets not cached yet are built first, on both cores (a bulk load, not measured).
# Server GC: its collections run on both cores, and the loader allocates a good deal.
# Then sync: a new dataset leaves gigabytes of dirty pages whose writeback would slow the fsyncs measured next.
if [[ "$mode" == all ]]; then DOTNET_gcServer=1 dotnet "$dll" datasets "$@"; sync; fi
exec taskset -c 1 dotnet "$dll" "$mode" --repo "$repo" --command "benchmarks/run.sh${*:+ $*}" "$@"
