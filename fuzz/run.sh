#!/usr/bin/env bash
# Fuzz the Petitions text normaliser and repeat matcher with afl-fuzz (Debian's afl++) through SharpFuzz.
#   fuzz/run.sh [seconds per target] [target ...]      default: 60 s, every target
# Builds fuzz/Accountability.Fuzz in Release, instruments the Petitions assembly (which holds
# RepeatMatcher) with `dotnet sharpfuzz`, runs afl-fuzz for the given time per target from the seed
# corpus in fuzz/corpus/<target>/, prints what it did and exits 1 if any input crashed a target.
# Work and findings go to $FUZZ_WORK (default /tmp/accountability-fuzz); crashing inputs are copied
# to $FUZZ_WORK/crashes/<target>/ — keep one in fuzz/regressions/<target>/ once the bug is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
if (( ${#targets[@]} == 0 )); then
  targets=(normaliser repeat-matcher)
fi
work=${FUZZ_WORK:-/tmp/accountability-fuzz}

log() { printf '[fuzz %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

if ! command -v afl-fuzz >/dev/null; then
  log "afl-fuzz is not installed (apt-get install afl++)"
  exit 2
fi

log "building fuzz/Accountability.Fuzz (Release) into $work"
dotnet build fuzz/Accountability.Fuzz/Accountability.Fuzz.csproj -c Release \
  --artifacts-path "$work/artifacts" -o "$work/bin" -v q -nologo >"$work.build.log" 2>&1 \
  || { cat "$work.build.log"; exit 2; }

# Instrument a copy, so the next incremental build starts from the plain assembly.
rm -rf "$work/instrumented"
cp -r "$work/bin" "$work/instrumented"
dotnet tool restore >/dev/null
log "instrumenting Accountability.Petitions.dll"
dotnet tool run sharpfuzz "$work/instrumented/Accountability.Petitions.dll" Accountability.Petitions.Domain

# This container (and CI's) has no core dump handler to configure, a CPU governor afl cannot read, a
# target binary that is the uninstrumented `dotnet` host, and no terminal; the .NET runtime needs
# longer than afl's default to start the fork server.
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 \
  AFL_NO_AFFINITY=1 AFL_FORKSRV_INIT_TMOUT=60000

failed=0
for target in "${targets[@]}"; do
  out="$work/findings/$target"
  rm -rf "$out" "$work/crashes/$target"
  mkdir -p "$out" "$work/crashes/$target"
  log "afl-fuzz $target for ${seconds} s"
  # -t: one input takes microseconds; the limit only guards against a real hang. -m none: the CLR reserves
  # far more virtual memory than afl's default limit.
  if ! afl-fuzz -i "fuzz/corpus/$target" -o "$out" -V "$seconds" -t 5000 -m none \
      -- dotnet "$work/instrumented/Accountability.Fuzz.dll" "$target" >"$out.log" 2>&1; then
    tail -n 40 "$out.log"
    log "afl-fuzz $target failed to run"
    failed=2
    continue
  fi
  stats="$out/default/fuzzer_stats"
  stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  execs=$(stat execs_done)
  paths=$(stat corpus_count)
  # afl only warns about, and skips, a seed that crashes: it counts as a crash here.
  seed_crashes=$(grep -c 'results in a crash, skipping' "$out.log" || true)
  crashes=$(( $(stat saved_crashes) + seed_crashes ))
  hangs=$(stat saved_hangs)
  run_time=$(stat run_time)
  find "$out/default/crashes" -type f -name 'id:*' -exec cp {} "$work/crashes/$target/" \;
  { grep -o "Test case '[^']*' results in a crash" "$out.log" || true; } | sed "s/^Test case '\(.*\)' results.*/\1/" \
    | while read -r seed; do cp "$out/default/queue/$seed" "$work/crashes/$target/seed-$seed" 2>/dev/null || true; done
  echo "FUZZ_RESULT target=$target execs=$execs paths=$paths crashes=$crashes hangs=$hangs seconds=$run_time"
  if (( crashes > 0 )); then
    log "$target: $crashes crashing input(s) in $work/crashes/$target (replay: the Accountability.Fuzz.Tests replay test, after copying one to fuzz/regressions/$target/)"
    (( failed == 0 )) && failed=1
  fi
done
exit "$failed"
