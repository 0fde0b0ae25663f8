#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL cluster on 127.0.0.1 for the tests.
#   scripts/pg_cluster.sh start DIR PORT   prints the URL to export as WARMONITOR_TEST_PG
#   scripts/pg_cluster.sh stop DIR
# PostgreSQL refuses to run as root, so the server runs as the `postgres` user.
set -euo pipefail
action=${1:?start or stop}
dir=${2:?data folder}
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pgbin" ]; then
  echo "PostgreSQL server not installed (apt-get install postgresql)" >&2
  exit 1
fi
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$action" in
  start)
    port=${3:-55432}
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      as_postgres "$pgbin/initdb" -D "$dir" -A trust -U postgres -E UTF8 >/dev/null
    fi
    as_postgres "$pgbin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=off" start >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_postgres "$pgbin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
    ;;
  *)
    echo "usage: $0 start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
