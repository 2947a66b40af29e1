#!/usr/bin/env bash
# A throwaway redis-server for the tests, on loopback only, with its own directory and no persistence: a restart
# loses every stream entry, which is the case the job queue's reconciler has to survive.
#   scripts/redis-test.sh start DIR PORT   starts it in the background and waits until it answers
#   scripts/redis-test.sh stop DIR PORT    stops it (its data is dropped)
set -euo pipefail

cmd="${1:?usage: redis-test.sh start|stop DIR PORT}"
dir="${2:?usage: redis-test.sh start|stop DIR PORT}"
port="${3:?usage: redis-test.sh start|stop DIR PORT}"

case "$cmd" in
  start)
    command -v redis-server >/dev/null || { echo "redis-server is missing: run scripts/setup.sh test" >&2; exit 1; }
    mkdir -p "$dir"
    redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --daemonize yes \
      --pidfile "$dir/redis-$port.pid" --logfile "$dir/redis-$port.log" \
      --save "" --appendonly no --protected-mode yes
    for _ in $(seq 1 100); do
      if [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ]; then
        exit 0
      fi
      sleep 0.1
    done
    echo "redis-server on port $port did not answer; see $dir/redis-$port.log" >&2
    exit 1
    ;;
  stop)
    redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true
    pidfile="$dir/redis-$port.pid"
    if [ -f "$pidfile" ]; then
      pid="$(cat "$pidfile")"
      for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      if kill -0 "$pid" 2>/dev/null; then
        kill -9 "$pid" || true
      fi
      rm -f "$pidfile"
    fi
    ;;
  *)
    echo "usage: redis-test.sh start|stop DIR PORT" >&2
    exit 2
    ;;
esac
