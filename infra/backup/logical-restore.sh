#!/usr/bin/env bash
# Restores a logical backup (logical-backup.sh) into a NEW, empty database: the roles first, from
# infra/postgres/roles.sql with the logins' passwords, then the dump with its owners and grants.
#   PONTE_OWNER_PASSWORD=... PONTE_HUB_PASSWORD=... PONTE_BACKGROUND_PASSWORD=... \
#     infra/backup/logical-restore.sh <dump file> <superuser URL of the new server> [database name]
# With PONTE_HUB_WORKER=off (services/worker delivers and seals) the hub's login gives up the
# worker's and sealer's roles, as at install. It refuses a database that already holds tables.
set -euo pipefail
if [ $# -lt 2 ] || [ $# -gt 3 ]; then echo "usage: $0 <dump file> <superuser URL of the new server> [database name]" >&2; exit 2; fi
dump=$1 url=$2 db=${3:-ponte}
: "${PONTE_OWNER_PASSWORD:?set PONTE_OWNER_PASSWORD}" "${PONTE_HUB_PASSWORD:?set PONTE_HUB_PASSWORD}" "${PONTE_BACKGROUND_PASSWORD:?set PONTE_BACKGROUND_PASSWORD}"
here=$(cd "$(dirname "$0")" && pwd)
psql -X -q -v ON_ERROR_STOP=1 --dbname="$url" -v db="$db" \
  -v owner_password="$PONTE_OWNER_PASSWORD" -v hub_password="$PONTE_HUB_PASSWORD" \
  -v background_password="$PONTE_BACKGROUND_PASSWORD" -f "$here/../postgres/roles.sql"
if [ "${PONTE_HUB_WORKER:-inline}" = off ]; then
  psql -X -q -v ON_ERROR_STOP=1 --dbname="$url" -c 'revoke ponte_worker, ponte_sealer from ponte_hub'
fi
# The same server, the database restored into.
target=$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.toString())' "$url" "$db")
tables=$(psql -X -At --dbname="$target" -c "select count(*) from pg_tables where schemaname = 'public'")
if [ "$tables" != 0 ]; then echo "database $db already holds $tables tables: restore into a new one" >&2; exit 1; fi
pg_restore --exit-on-error --single-transaction --dbname="$target" "$dump"
echo "restored $(stat -c %s "$dump") bytes into $db"
