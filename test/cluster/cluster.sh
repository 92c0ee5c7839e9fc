#!/usr/bin/env bash
# pnpm test:cluster: Ponte on Patroni (with etcd), PgBouncer, HAProxy and Redis, all on 127.0.0.1,
# and a failover under load (test/cluster/run.ts says what it checks).
#   test/cluster/cluster.sh [--seconds 40] [--clients 4]
# Installs Debian's packages it needs when they are missing (as root), starts the local Redis when
# it is down, and never touches the servers it did not start.
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
[ -x /usr/bin/patroni ] || missing+=(patroni)
[ -x /usr/bin/etcd ] || missing+=(etcd-server)
[ -x /usr/sbin/pgbouncer ] || command -v pgbouncer >/dev/null 2>&1 || missing+=(pgbouncer)
[ -x /usr/sbin/haproxy ] || missing+=(haproxy)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${missing[*]} (apt-get install ${missing[*]}), then run again" >&2
    exit 1
  fi
  echo "installing ${missing[*]} (Debian packages)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  # The packages' own services are not wanted: the cluster starts its own, on ports of its own.
  if command -v service >/dev/null 2>&1; then
    for s in patroni etcd pgbouncer haproxy; do service "$s" stop >/dev/null 2>&1 || true; done
  fi
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "starting the local Redis server"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379
  for _ in $(seq 1 10); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi

exec node --import tsx test/cluster/run.ts "$@"
