#!/usr/bin/env bash
# The soak of issue 7: a mixed workload against one atrium for a fixed time, per database:
# get-session, append and list chat messages from SOAK_CONNECTIONS (30) connections, and beside
# them sign-ins (a full scrypt each) from SOAK_SIGNIN_CONNECTIONS (2). Sign-ins have their own
# connections because a closed loop mixing them in would send them as fast as the cheap
# requests come back, far past what the hashing pool admits (it answers the overflow 503 by
# design, see src/auth/hashing_pool.hpp): the soak measures steady service, not overload. Reports
# requests, answers by status (every one must be 2xx: the workload sends no request meant to
# fail), socket errors and timeouts, p50/p99/max latency, the server's RSS at the start and
# end and its peak, and the load average. Fails when any answer is not 2xx, any socket error
# or timeout happened, or RSS grew by more than SOAK_RSS_GROWTH_MIB (default 64) from the
# start (after warm-up) to the end.
#
# Usage: bench/soak/run.sh [seconds=120] [sqlite|postgres|both=both]
#   env: ATRIUM_BIN (default: a Release build in build/soak, built if missing),
#        SOAK_CONNECTIONS (30), SOAK_SIGNIN_CONNECTIONS (2), SOAK_USERS (50); postgres runs under scripts/with-test-postgres
#        unless ATRIUM_TEST_PG_URL is already set.
set -euo pipefail

seconds=${1:-120}
which=${2:-both}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
case "$which" in
  sqlite) backends=(sqlite) ;;
  postgres) backends=(postgres) ;;
  both) backends=(sqlite postgres) ;;
  *) echo "usage: $0 [seconds] [sqlite|postgres|both]" >&2; exit 64 ;;
esac
if [[ " ${backends[*]} " == *" postgres "* ]] && [ -z "${ATRIUM_TEST_PG_URL:-}" ]; then
  exec "$root/scripts/with-test-postgres" "$0" "$@"
fi

connections=${SOAK_CONNECTIONS:-30}
signin_connections=${SOAK_SIGNIN_CONNECTIONS:-2}
nusers=${SOAK_USERS:-50}
growth_mib=${SOAK_RSS_GROWTH_MIB:-64}
password="soak-password-0123"
secret="soak-secret-soak-secret-soak-secret-0123456"

atrium=${ATRIUM_BIN:-}
if [ -z "$atrium" ]; then
  build="$root/build/soak"
  echo "building atrium (Release) in $build …" >&2
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DATRIUM_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build" --target atrium >/dev/null
  atrium="$build/atrium"
fi

work=$(mktemp -d /tmp/atrium-soak.XXXXXX)
server_pid=""
pg_db=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$pg_db" ]; then psql -qAtX "$ATRIUM_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $pg_db" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

rss_kib() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }

status=0
for backend in "${backends[@]}"; do
  if [ "$backend" = sqlite ]; then
    url="sqlite:///$work/soak.db"
    rm -f "$work"/soak.db*
  else
    pg_db="atrium_soak_$$"
    psql -qAtX "$ATRIUM_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $pg_db" -c "CREATE DATABASE $pg_db" >/dev/null
    url="${ATRIUM_TEST_PG_URL%/*}/$pg_db"
  fi
  export DATABASE_URL="$url" BETTER_AUTH_SECRET="$secret" BETTER_AUTH_URL="http://localhost:3000" \
    ATRIUM_LOG_LEVEL=warn
  unset ATRIUM_RATE_LIMIT ATRIUM_ENV ATRIUM_PORT
  (cd "$work" && "$atrium" db upgrade head >"$work/upgrade.log" 2>&1) || { cat "$work/upgrade.log" >&2; exit 1; }
  (cd "$work" && exec "$atrium" serve --port 0 >"$work/serve.out" 2>"$work/serve.err") &
  server_pid=$!
  port=""
  for _ in $(seq 300); do
    port=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.out" 2>/dev/null | head -1 | sed 's/.*://') || true
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "atrium did not start:" >&2; cat "$work/serve.err" >&2; exit 1; }

  # Users, each with a chat session to write to, and their bearer tokens for wrk.
  python3 - "$port" "$nusers" "$password" >"$work/users.lua" <<'PY'
import json, sys, urllib.request
port, n, password = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def call(method, path, body=None, token=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token: req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())
print("return {")
for i in range(n):
    email = f"soak-{i}@example.com"
    token = call("POST", "/api/auth/sign-up/email", {"name": f"Soak {i}", "email": email, "password": password})["token"]
    chat = call("POST", "/api/chat/sessions", {}, token)["session_id"]
    print(f'  {{email = "{email}", token = "{token}", chat = "{chat}"}},')
print("}")
PY

  # Warm-up, so the start figure is the steady state's, not an empty process's.
  SOAK_USERS="$work/users.lua" SOAK_PASSWORD="$password" SOAK_SIGNIN_PERCENT=100 \
    wrk -t1 -c"$signin_connections" -d5s --timeout 30s -s "$here/mixed.lua" \
    "http://127.0.0.1:$port" >/dev/null &
  warm_signin=$!
  SOAK_USERS="$work/users.lua" SOAK_PASSWORD="$password" SOAK_SIGNIN_PERCENT=0 \
    wrk -t2 -c"$connections" -d5s --timeout 30s -s "$here/mixed.lua" "http://127.0.0.1:$port" >/dev/null
  wait "$warm_signin"
  rss_start=$(rss_kib "$server_pid" VmRSS)
  load_start=$(cut -d' ' -f1-3 /proc/loadavg)
  SOAK_USERS="$work/users.lua" SOAK_PASSWORD="$password" SOAK_SIGNIN_PERCENT=100 \
    wrk -t1 -c"$signin_connections" -d"${seconds}s" --timeout 30s --latency -s "$here/mixed.lua" \
    "http://127.0.0.1:$port" >"$work/wrk-signin.out" &
  signin_wrk=$!
  SOAK_USERS="$work/users.lua" SOAK_PASSWORD="$password" SOAK_SIGNIN_PERCENT=0 \
    wrk -t2 -c"$connections" -d"${seconds}s" --timeout 30s --latency -s "$here/mixed.lua" \
    "http://127.0.0.1:$port" >"$work/wrk.out"
  wait "$signin_wrk"
  rss_end=$(rss_kib "$server_pid" VmRSS)
  rss_peak=$(rss_kib "$server_pid" VmHWM)
  load_end=$(cut -d' ' -f1-3 /proc/loadavg)

  kill -TERM "$server_pid"
  rc=0; wait "$server_pid" || rc=$?
  server_pid=""

  parse() { # <wrk output> <prefix>: sets <prefix>_requests, _sock, _timeouts, _statuses, _non2xx, _latency
    local l1 l2
    l1=$(grep '^SOAK requests' "$1"); l2=$(grep '^SOAK p50' "$1")
    printf -v "$2_requests" '%s' "$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$l1")"
    printf -v "$2_sock" '%s' "$(sed 's/.*socket_errors=\([0-9]*\).*/\1/' <<<"$l1")"
    printf -v "$2_timeouts" '%s' "$(sed 's/.*timeouts=\([0-9]*\).*/\1/' <<<"$l1")"
    printf -v "$2_statuses" '%s' "$(sed 's/.*statuses=//' <<<"$l1")"
    printf -v "$2_non2xx" '%s' "$(sed 's/.*statuses=//' <<<"$l1" | tr ',' '\n' | awk -F= '$1 !~ /^2/ { n += $2 } END { print n + 0 }')"
    printf -v "$2_latency" '%s' "${l2#SOAK }"
  }
  parse "$work/wrk.out" mix
  parse "$work/wrk-signin.out" signin
  requests=$(( mix_requests + signin_requests ))
  sock=$(( mix_sock + signin_sock ))
  timeouts=$(( mix_timeouts + signin_timeouts ))
  non2xx=$(( mix_non2xx + signin_non2xx ))
  growth=$(( (rss_end - rss_start) / 1024 ))
  echo "== soak $backend: ${seconds}s, $nusers users"
  echo "   get-session/append/list (wrk -t2 -c$connections): $mix_requests requests ($(( mix_requests / seconds ))/s), statuses $mix_statuses"
  echo "     latency $mix_latency"
  echo "   sign-in (wrk -t1 -c$signin_connections): $signin_requests requests ($(( signin_requests / seconds ))/s), statuses $signin_statuses"
  echo "     latency $signin_latency"
  echo "   total $requests requests, non-2xx $non2xx, socket errors $sock, timeouts $timeouts"
  echo "   RSS start $(( rss_start / 1024 )) MiB, end $(( rss_end / 1024 )) MiB (growth ${growth} MiB, bound ${growth_mib}), peak $(( rss_peak / 1024 )) MiB"
  echo "   load average start $load_start, end $load_end; SIGTERM exit $rc"
  if [ "$non2xx" -ne 0 ] || [ "$sock" -ne 0 ] || [ "$timeouts" -ne 0 ] || [ "$growth" -gt "$growth_mib" ] || [ "$rc" -ne 0 ]; then
    echo "   FAILED" ; status=1
  fi
  if [ -n "$pg_db" ]; then psql -qAtX "$ATRIUM_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $pg_db" >/dev/null; pg_db=""; fi
done
exit "$status"
