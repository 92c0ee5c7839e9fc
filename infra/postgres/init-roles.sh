#!/bin/sh
# For the postgres container's first start (docker-entrypoint-initdb.d): runs roles.sql with the
# database name and the passwords from the environment. With PONTE_HUB_WORKER=off (services/worker
# runs delivery and sealing on its own login) the hub's login gives up the worker's and sealer's roles.
set -eu
: "${PONTE_OWNER_PASSWORD:?set PONTE_OWNER_PASSWORD}" "${PONTE_HUB_PASSWORD:?set PONTE_HUB_PASSWORD}" "${PONTE_BACKGROUND_PASSWORD:?set PONTE_BACKGROUND_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v db="${PONTE_DB:-ponte}" \
  -v owner_password="$PONTE_OWNER_PASSWORD" \
  -v hub_password="$PONTE_HUB_PASSWORD" \
  -v background_password="$PONTE_BACKGROUND_PASSWORD" \
  -f /ponte/roles.sql
if [ "${PONTE_HUB_WORKER:-inline}" = off ]; then
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -c 'revoke ponte_worker, ponte_sealer from ponte_hub'
fi
