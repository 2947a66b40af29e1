#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: scripts/postgres-test.sh start|stop DIR PORT
#   start: initdb in DIR (once), listen on 127.0.0.1:PORT only (socket in DIR), trust auth, create database
#          'secureexec'; does nothing that is already done.
#   stop:  stop the cluster in DIR if it runs (DIR itself is left for the caller to delete).
# As root the cluster runs as the 'postgres' OS user: initdb and postgres refuse to run as root.
set -euo pipefail
action="${1:?usage: scripts/postgres-test.sh start|stop DIR PORT}"
dir="${2:?usage: scripts/postgres-test.sh start|stop DIR PORT}"
port="${3:?usage: scripts/postgres-test.sh start|stop DIR PORT}"
bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [[ ! -x "$bin/initdb" ]]; then
  echo "postgres-test: no PostgreSQL server binaries (apt-get install postgresql)" >&2
  exit 2
fi

as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

data="$dir/data"
running() { [[ -f "$data/PG_VERSION" ]] && as_owner "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1; }

case "$action" in
  start)
    mkdir -p "$dir"
    [[ "$(id -u)" == 0 ]] && chown postgres: "$dir"
    chmod 700 "$dir"
    if [[ ! -f "$data/PG_VERSION" ]]; then
      # trust is safe here only because the server listens on loopback and on a socket in an owner-only directory.
      as_owner "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if ! running; then
      as_owner "$bin/pg_ctl" start -D "$data" -l "$dir/postgres.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        >/dev/null || { cat "$dir/postgres.log" >&2; exit 1; }
    fi
    exists="$(as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'secureexec'")"
    if [[ "$exists" != 1 ]]; then
      as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres secureexec
    fi
    echo "Host=127.0.0.1;Port=$port;Database=secureexec;Username=postgres"
    ;;
  stop)
    if running; then
      as_owner "$bin/pg_ctl" stop -D "$data" -m fast -w >/dev/null
    fi
    ;;
  *)
    echo "usage: scripts/postgres-test.sh start|stop DIR PORT" >&2
    exit 1
    ;;
esac
