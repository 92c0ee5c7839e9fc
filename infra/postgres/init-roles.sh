#!/bin/sh
# For the postgres container's first start (docker-entrypoint-initdb.d): runs roles.sql with the
# database name and the passwords from the environment.
set -eu
: "${PONTE_OWNER_PASSWORD:?set PONTE_OWNER_PASSWORD}" "${PONTE_HUB_PASSWORD:?set PONTE_HUB_PASSWORD}" "${PONTE_BACKGROUND_PASSWORD:?set PONTE_BACKGROUND_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v db="${PONTE_DB:-ponte}" \
  -v owner_password="$PONTE_OWNER_PASSWORD" \
  -v hub_password="$PONTE_HUB_PASSWORD" \
  -v background_password="$PONTE_BACKGROUND_PASSWORD" \
  -f /ponte/roles.sql
