#!/usr/bin/env bash
# Prepares a NEW data folder for point-in-time recovery: a copy of a base backup (base-backup.sh),
# told to replay the WAL archive up to a moment and then to open for writes. Start PostgreSQL on
# the folder afterwards (pg_ctl start, or the service); it replays, stops at the target, promotes.
#   infra/backup/pitr-prepare.sh <base backup folder> <new data folder> <WAL archive folder> '<target time>'
#   e.g. ... /var/backups/ponte/base-20270101T020000Z /var/lib/postgresql/15/restored /var/backups/ponte/wal '2027-01-01 10:42:00+00'
# Archiving is switched off in the restored server, so it cannot write into the archive of the
# server it replaces; give it an archive of its own once it is checked, and take a new base backup.
set -euo pipefail
if [ $# -ne 4 ]; then echo "usage: $0 <base backup folder> <new data folder> <WAL archive folder> '<target time>'" >&2; exit 2; fi
base=$1 data=$2 archive=$3 target=$4
if [ -e "$data" ] && [ -n "$(ls -A "$data")" ]; then echo "$data is not empty: recover into a new folder" >&2; exit 1; fi
[ -f "$base/backup_label" ] || { echo "$base holds no base backup (no backup_label)" >&2; exit 1; }
mkdir -p "$data"
cp -a "$base/." "$data/"
chmod 700 "$data"
touch "$data/recovery.signal"
cat >> "$data/postgresql.auto.conf" <<CONF
# point-in-time recovery (infra/backup/pitr-prepare.sh)
archive_mode = 'off'
restore_command = 'cp $archive/%f %p'
recovery_target_time = '$target'
recovery_target_action = 'promote'
CONF
echo "$data prepared: recovery to $target from $archive"
