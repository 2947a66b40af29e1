#!/usr/bin/env bash
# Console page latency against the cheapest route of the same server, in one run: p50/p95 of N sequential requests
# each (curl's time_total), and the ratio to /health/live. Starts its own server on a scratch data directory.
#   bench/console-pages.sh [N]     (default 300)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n="${1:-300}"
source scripts/setup.sh run
dotnet build src/SecureExec.Server -c Release -nologo -v quiet -clp:ErrorsOnly
data="$(mktemp -d)"; jar="$data/cookies"; port=18123; b="http://127.0.0.1:$port"
SECUREEXEC_ADMIN_PASSWORD='bench-admin-password' dotnet src/SecureExec.Server/bin/Release/net10.0/secureexec.dll serve \
  --urls "$b" --SecureExec:DataDirectory="$data/data" --SecureExec:RateLimits:PerUserRead:PermitLimit=100000 \
  --SecureExec:RateLimits:PerUser:PermitLimit=100000 >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
until curl -sf "$b/health/ready" >/dev/null; do sleep 0.5; done

token="$(curl -s -c "$jar" -b "$jar" "$b/console/login" | grep -o 'name="__RequestVerificationToken" value="[^"]*"' | sed 's/.*value="//;s/"$//')"
curl -s -o /dev/null -c "$jar" -b "$jar" "$b/console/login" --data-urlencode _handler=login --data-urlencode "__RequestVerificationToken=$token" \
  --data-urlencode Input.Name=admin --data-urlencode Input.Password=bench-admin-password
grep -q secureexec_session "$jar" || { echo "login failed" >&2; exit 1; }
curl -s -o /dev/null -b "$jar" "$b/console/run/uptime"

measure() { # path → "p50 p95" in ms
  for _ in $(seq "$n"); do curl -s -o /dev/null -b "$jar" -w '%{time_total}\n' "$b$1"; done \
    | sort -n | awk '{a[NR]=$1} END {printf "%.2f %.2f\n", a[int(NR*0.5)]*1000, a[int(NR*0.95)]*1000}'
}
read -r base50 base95 < <(measure /health/live)
echo "| route | p50 ms | p95 ms | p50 / health/live |"
echo "| --- | --- | --- | --- |"
echo "| /health/live (baseline) | $base50 | $base95 | 1.0 |"
for path in /console/login /console /console/jobs /console/run/uptime /console/assets/console.js; do
  read -r p50 p95 < <(measure "$path")
  echo "| $path | $p50 | $p95 | $(awk -v a="$p50" -v b="$base50" 'BEGIN {printf "%.1f", a/b}') |"
done
