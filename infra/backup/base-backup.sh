#!/usr/bin/env bash
# A base backup for point-in-time recovery: `pg_basebackup` of the whole server (every database),
# with the WAL it needs to be consistent. Recovery replays the WAL archive on top of it (see
# pitr-prepare.sh). Run as the operating-system user that runs PostgreSQL, with a login allowed to
# replicate (pg_hba.conf `replication` line).
#   infra/backup/base-backup.sh <replication URL of the server> <folder>
set -euo pipefail
if [ $# -ne 2 ]; then echo "usage: $0 <replication URL of the server> <folder>" >&2; exit 2; fi
url=$1 folder=$2
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$folder"
pg_basebackup --dbname="$url" --pgdata="$folder/base-$stamp" --wal-method=stream --checkpoint=fast --label="ponte-$stamp"
echo "$folder/base-$stamp $(du -sb "$folder/base-$stamp" | cut -f1) bytes"
