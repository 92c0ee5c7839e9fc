#!/bin/sh
# Writes the one login PgBouncer accepts (the hub's, from PONTE_HUB_PASSWORD) where only this user
# can read it, then becomes PgBouncer (exec: it is PID 1 and gets the container's signals).
set -eu
: "${PONTE_HUB_PASSWORD:?set PONTE_HUB_PASSWORD}"
umask 077
printf '"ponte_hub" "%s"\n' "$(printf '%s' "$PONTE_HUB_PASSWORD" | sed 's/"/""/g')" > /run/pgbouncer/userlist.txt
exec pgbouncer /etc/pgbouncer/pgbouncer.ini
