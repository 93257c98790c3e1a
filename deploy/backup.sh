#!/usr/bin/env bash
# Backs up every service's MongoDB database of the compose deployment, one gzip archive per
# database (mongodump through `docker compose exec`), plus a SHA256SUMS file.
#
#   deploy/backup.sh [--online] [target-folder]     (default target: deploy/backups/<UTC time>)
#
# By default the five services are stopped for the dump and started again afterwards, so every
# database is a consistent cut (a document, its outbox events and its audit records together; no
# event half-relayed between two databases). --online dumps while they run: no downtime, but each
# database is read over time, not as of one instant.
# The keys in deploy/.env are part of the backup: without PROTECTION_KEY and PROTECTION_HASH_KEY
# the protected fields and the audit chain cannot be read. Keep a copy of .env with the archives,
# somewhere as safe as the keys themselves.
set -euo pipefail
cd "$(dirname "$0")"

SERVICES=(petitions clues talks tolerance casefiles)
PREFIX=${MONGO_DATABASE_PREFIX:-accountability_}

compose() {
  if docker compose version >/dev/null 2>&1; then
    docker compose -f docker-compose.yml "$@"
  else
    docker-compose -f docker-compose.yml "$@"
  fi
}

online=false
if [[ ${1:-} == --online ]]; then
  online=true
  shift
fi
target=${1:-backups/$(date -u +%Y%m%dT%H%M%SZ)}
if [[ -e $target && -n $(ls -A "$target" 2>/dev/null) ]]; then
  echo "backup: $target is not empty; choose a new folder" >&2
  exit 1
fi
mkdir -p "$target"

restart_services() {
  echo "backup: starting ${SERVICES[*]}"
  compose start "${SERVICES[@]}" >/dev/null
}

if [[ $online == false ]]; then
  echo "backup: stopping ${SERVICES[*]} for a consistent cut"
  compose stop "${SERVICES[@]}" >/dev/null
  trap restart_services EXIT
fi

for service in "${SERVICES[@]}"; do
  database="${PREFIX}${service}"
  echo "backup: $database -> $target/$database.archive.gz"
  compose exec -T mongo mongodump --quiet --archive --gzip --db "$database" >"$target/$database.archive.gz"
done

(cd "$target" && sha256sum -- *.archive.gz >SHA256SUMS)
echo "backup: done ($target)"
