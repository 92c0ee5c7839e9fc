#!/usr/bin/env bash
# The topology of infra/compose.yaml without containers: a private PostgreSQL instance, the roles,
# the migration job, PgBouncer in transaction mode, the hub through it and the worker, then a smoke
# check; everything it starts is stopped and removed at the end (test/deploy/local-cluster.ts).
#   infra/local-cluster.sh [--hold]      (or: pnpm test:deploy [--hold])
# Needs PostgreSQL's server programs (pg_config --bindir) and PgBouncer, which it installs from
# Debian's packages when missing (as root). It never touches the server on port 5432.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "PgBouncer is missing: install Debian's package (apt-get install pgbouncer) and run again" >&2
    exit 1
  fi
  echo "installing PgBouncer (Debian package)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null
  # The package's own service is not wanted: the cluster starts its PgBouncer on a port of its own.
  if command -v service >/dev/null 2>&1; then service pgbouncer stop >/dev/null 2>&1 || true; fi
fi

exec node --import tsx test/deploy/local-cluster.ts "$@"
