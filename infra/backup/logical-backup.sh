#!/usr/bin/env bash
# A logical backup of Ponte's database: `pg_dump -Fc` (one consistent snapshot, taken while the hub
# keeps running) and the roles without their passwords (roles.sql sets those again at restore).
#   infra/backup/logical-backup.sh <superuser URL of the database> <folder>
#   e.g. infra/backup/logical-backup.sh postgres://postgres@db.internal/ponte /var/backups/ponte
# Connect as a superuser (or a login with BYPASSRLS and pg_read_all_data): every tenant table has
# FORCE ROW LEVEL SECURITY, so even the schema owner would see no rows and pg_dump would refuse.
# Prints the files written and their sizes. See infra/backup/README.md.
set -euo pipefail
if [ $# -ne 2 ]; then echo "usage: $0 <superuser URL of the database> <folder>" >&2; exit 2; fi
url=$1 folder=$2
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$folder"
umask 077
pg_dump --format=custom --file="$folder/ponte-$stamp.dump.partial" --dbname="$url"
mv "$folder/ponte-$stamp.dump.partial" "$folder/ponte-$stamp.dump"
pg_dumpall --roles-only --no-role-passwords --dbname="$url" > "$folder/ponte-$stamp.roles.sql"
for file in "$folder/ponte-$stamp.dump" "$folder/ponte-$stamp.roles.sql"; do
  echo "$file $(stat -c %s "$file") bytes"
done
