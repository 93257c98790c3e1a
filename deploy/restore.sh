#!/usr/bin/env bash
# Restores the compose deployment's databases from a folder written by backup.sh (mongorestore
# --drop through `docker compose exec`): the archives are checked against SHA256SUMS first, the
# five services are stopped, each database is replaced, and the services are started again.
#
#   deploy/restore.sh <backup-folder> [service ...]     (default: every service)
#
# The deployment must run with the same PROTECTION_KEY and PROTECTION_HASH_KEY as when the backup
# was taken (deploy/.env). Afterwards check health (docker compose ps) and the audit chains
# (VerifyAuditChain, as an auditor) of the restored services.
set -euo pipefail
cd "$(dirname "$0")"

ALL=(petitions clues talks tolerance casefiles)
PREFIX=${MONGO_DATABASE_PREFIX:-accountability_}

compose() {
  if docker compose version >/dev/null 2>&1; then
    docker compose -f docker-compose.yml "$@"
  else
    docker-compose -f docker-compose.yml "$@"
  fi
}

if [[ $# -lt 1 || ! -d $1 ]]; then
  echo "usage: deploy/restore.sh <backup-folder> [service ...]   (services: ${ALL[*]})" >&2
  exit 64
fi
source_folder=$1
shift
services=("$@")
if [[ ${#services[@]} -eq 0 ]]; then
  services=("${ALL[@]}")
fi

for service in "${services[@]}"; do
  if [[ ! " ${ALL[*]} " == *" $service "* ]]; then
    echo "restore: unknown service '$service' (services: ${ALL[*]})" >&2
    exit 64
  fi
  if [[ ! -f $source_folder/${PREFIX}${service}.archive.gz ]]; then
    echo "restore: $source_folder holds no ${PREFIX}${service}.archive.gz" >&2
    exit 1
  fi
done

(cd "$source_folder" && sha256sum --check --quiet SHA256SUMS)

echo "restore: stopping ${ALL[*]}"
compose stop "${ALL[@]}" >/dev/null
trap 'echo "restore: starting ${ALL[*]}"; compose start "${ALL[@]}" >/dev/null' EXIT

for service in "${services[@]}"; do
  database="${PREFIX}${service}"
  echo "restore: $source_folder/$database.archive.gz -> $database (replacing it)"
  compose exec -T mongo mongorestore --quiet --archive --gzip --drop --nsInclude "$database.*" <"$source_folder/$database.archive.gz"
done

echo "restore: done; check health with: docker compose -f deploy/docker-compose.yml ps"
