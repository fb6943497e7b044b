#!/usr/bin/env bash
# The auth benchmark: atrium against Better Auth 1.7.25 on Node, side by side in one run on
# the same machine, database kind and secret, rate limiting off for both; wrk on loopback.
#   get-session with a valid cookie   wrk -t2 -c50
#   sign-in/email                     wrk -t2 -c8
#   sign-up/email (fresh e-mail each) wrk -t2 -c8 (signup.lua)
# plus, in the same run, the ceilings: a bare Boost.Beast server answering a body of the
# get-session response's size (wrk -t2 -c50), and atrium's own scrypt hasher with atrium's
# parameters on as many threads as atrium's hashing pool has (one per core), measured right
# after atrium's sign-in and sign-up loads so both see the same machine.
# Reports medians over the rounds: requests/s, p50/p99 latency, peak RSS under each load, and
# the server's CPU time per request (user + system, from /proc), which moves far less with
# the load of other work on the machine than requests/s do.
#
# Usage: bench/auth/run.sh [rounds=3] [seconds=10] [backends="sqlite postgres"]
#   postgres needs ATRIUM_TEST_PG_URL (run under scripts/with-test-postgres).
set -euo pipefail

rounds=${1:-3}
seconds=${2:-10}
backends=${3:-"sqlite postgres"}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${ATRIUM_BENCH_BUILD:-$root/build/auth-release}
work=$(mktemp -d /tmp/atrium-bench-auth.XXXXXX)
results="$work/results.tsv"
server_pid=""
secret="bench-secret-bench-secret-bench-secret-0123"
origin="http://localhost:3000"

cleanup() {
  stop_server
  rm -rf "$work"
}
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap cleanup EXIT

echo "building (Release) …" >&2
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DATRIUM_BUILD_TESTS=OFF >/dev/null 2>&1
if ! cmake --build "$build" --target atrium >"$work/build.log" 2>&1; then
  tail -30 "$work/build.log" >&2
  exit 1
fi
atrium="$build/atrium"
boost_flags="-std=c++20 -O2 -DNDEBUG -pthread"
[ "$here/beast_ceiling.cpp" -nt "$build/beast_ceiling" ] &&
  g++ $boost_flags "$here/beast_ceiling.cpp" -o "$build/beast_ceiling"
[ "$here/scrypt_ceiling.cpp" -nt "$build/scrypt_ceiling" ] &&
  g++ $boost_flags -I"$root/src" "$here/scrypt_ceiling.cpp" "$root/src/auth/scrypt_hasher.cpp" \
    "$root/src/auth/unicode.cpp" "$root/src/auth/constant_time.cpp" "$root/src/core/error.cpp" \
    "$root/src/core/random.cpp" -lsodium -lutf8proc -o "$build/scrypt_ceiling"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

fresh_database() {  # <backend> <name>: prints the DATABASE_URL, migrated to head
  local url
  if [ "$1" = postgres ]; then
    : "${ATRIUM_TEST_PG_URL:?run under scripts/with-test-postgres}"
    psql -qAtX "$ATRIUM_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2" >/dev/null
    url="${ATRIUM_TEST_PG_URL%/*}/$2"
  else
    url="sqlite:///$work/$2.db"
  fi
  DATABASE_URL="$url" "$atrium" db upgrade head >/dev/null 2>&1
  echo "$url"
}

wait_up() {  # <port>
  for _ in $(seq 200); do
    curl -fsS "http://127.0.0.1:$1/api/auth/ok" >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "server on $1 did not come up" >&2
  cat "$work/server.log" >&2
  exit 1
}

# start <atrium|better-auth> <url> <port>
start() {
  if [ "$1" = atrium ]; then
    DATABASE_URL="$2" BETTER_AUTH_SECRET="$secret" BETTER_AUTH_URL="$origin" ATRIUM_RATE_LIMIT=off \
      ATRIUM_LOG_LEVEL=warn "$atrium" serve --port "$3" >"$work/server.log" 2>&1 &
  else
    local target="$2"
    case "$target" in sqlite:///*) target="${target#sqlite://}" ;; esac
    BETTER_AUTH_SECRET="$secret" BETTER_AUTH_URL="$origin" \
      node "$here/better-auth-server.mjs" "$3" "$target" >"$work/server.log" 2>&1 &
  fi
  server_pid=$!
  wait_up "$3"
}

reset_peak() { echo 5 >"/proc/$server_pid/clear_refs"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
peak_mb() { awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$server_pid/status"; }
peak_kib() { awk '/VmHWM/ {print $2}' "/proc/$server_pid/status"; }
last_peak_kib=0  # the last load's peak, for the sign-in bound (KiB: MB rounding hides it)

to_ms() {  # wrk latency ("812.00us", "1.20ms", "2.01s") -> ms
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n = n * 1000
    printf "%.2f", n }'
}

# wrk closes its connections with requests still in flight, which the server goes on serving
# (eight sign-ins still hashing); the next load would find the hashing queue full and count
# 503s. Wait until the server has used no CPU for 200 ms (at most 10 s).
settle() {
  local before after
  for _ in $(seq 1 50); do
    before=$(cpu_ticks)
    sleep 0.2
    after=$(cpu_ticks)
    [ "$before" = "$after" ] && return
  done
}

# load <label> <server> <backend> <port> <threads> <connections> [wrk args…]
load() {
  local label=$1 server=$2 backend=$3 port=$4 t=$5 c=$6
  shift 6
  settle
  reset_peak
  local out ticks0 ticks1
  ticks0=$(cpu_ticks)
  out=$(wrk -t"$t" -c"$c" -d"${seconds}s" --timeout 30s --latency "$@" "http://127.0.0.1:$port" 2>&1)
  ticks1=$(cpu_ticks)
  local rps p50 p99 non2xx timeouts requests cpu_us
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  cpu_us=$(awk -v t=$((ticks1 - ticks0)) -v n="${requests:-0}" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { if (n > 0) printf "%.1f", t * 1e6 / hz / n }')
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")
  p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  timeouts=$(echo "$out" | awk '/Socket errors/ {print $NF}')
  local loadavg
  loadavg=$(cut -d' ' -f1 /proc/loadavg)
  last_peak_kib=$(peak_kib)
  printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$backend" "$label" "$server" "$rps" "$p50" \
    "$p99" "$(peak_mb)" "$(( ${non2xx:-0} + ${timeouts:-0} ))" "$cpu_us" "$loadavg" >>"$results"
  echo "  $backend $label $server: $rps req/s p50 ${p50}ms p99 ${p99}ms peak $(peak_mb) MB" \
    "CPU ${cpu_us}us/req non-2xx ${non2xx:-0} timeouts ${timeouts:-0} (load $loadavg)" >&2
}

session_cookie() {  # <port>: signs the benchmark user up, prints "name=value"
  curl -fsS -D - -o /dev/null -X POST "http://127.0.0.1:$1/api/auth/sign-up/email" \
    -H 'Content-Type: application/json' \
    -d '{"name":"Bench","email":"bench@example.com","password":"bench-password-123"}' |
    awk -F': ' 'tolower($1) == "set-cookie" && $2 ~ /^better-auth.session_token=/ {
      split($2, a, ";"); print a[1] }'
}

body_size=0
for round in $(seq "$rounds"); do
  for backend in $backends; do
    # Alternate which server goes first so drift on a shared machine falls on both alike.
    order="atrium better-auth"
    [ $((round % 2)) -eq 0 ] && order="better-auth atrium"
    for server in $order; do
      echo "round $round/$rounds: $backend $server" >&2
      url=$(fresh_database "$backend" "bench_auth_${server//-/_}_$round")
      port=$(free_port)
      start "$server" "$url" "$port"
      cookie=$(session_cookie "$port")
      body_size=$(curl -fsS "http://127.0.0.1:$port/api/auth/get-session" -H "Cookie: $cookie" | wc -c)
      load get-session "$server" "$backend" "$port" 2 50 -H "Cookie: $cookie" \
        "http://127.0.0.1:$port/api/auth/get-session"
      get_session_kib=$last_peak_kib
      load sign-in "$server" "$backend" "$port" 2 8 -s "$here/signin.lua"
      sign_in_over_kib=$((last_peak_kib - get_session_kib))
      load sign-up "$server" "$backend" "$port" 2 8 -s "$here/signup.lua"
      stop_server
      if [ "$server" = atrium ]; then
        # The hashing floor right after atrium's hashing loads, on the same machine state.
        read -r hash_rate hash_ms hash_cpu_ms hash_threads n r p < <("$build/scrypt_ceiling" 0 "$seconds")
        printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$backend" "scrypt-$hash_threads-threads" \
          ceiling "$hash_rate" "$hash_ms" "" "" 0 "$(awk -v c="$hash_cpu_ms" 'BEGIN {print c * 1000}')" \
          "$(cut -d' ' -f1 /proc/loadavg)" >>"$results"
        echo "  scrypt (N=$n r=$r p=$p) on $hash_threads threads: $hash_rate hashes/s" \
          "($hash_ms ms wall, $hash_cpu_ms ms CPU each; load $(cut -d' ' -f1 /proc/loadavg))" >&2
        # The target: sign-in's peak RSS at most 32 MiB per hashing thread over get-session's.
        bound_kib=$((hash_threads * 32768))
        verdict=within
        [ "$sign_in_over_kib" -gt "$bound_kib" ] && verdict=over
        echo "$backend round $round: sign-in peak RSS $sign_in_over_kib KiB over get-session's;" \
          "bound $bound_kib KiB: $verdict" >>"$work/rss_bound.txt"
        echo "  sign-in peak RSS over get-session's: $sign_in_over_kib KiB (bound $bound_kib)" >&2
      fi
    done
  done
  echo "round $round/$rounds: ceilings" >&2
  port=$(free_port)
  "$build/beast_ceiling" "$port" "$body_size" 1 &
  server_pid=$!
  sleep 0.3
  load get-session beast-1-thread ceiling "$port" 2 50
  stop_server
  port=$(free_port)
  "$build/beast_ceiling" "$port" "$body_size" 2 &
  server_pid=$!
  sleep 0.3
  load get-session beast-2-threads ceiling "$port" 2 50
  stop_server
done

# Medians per (backend, load, server).
echo
echo "| database | load | server | requests/s | p50 ms | p99 ms | peak RSS MB | CPU µs/request | load avg |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|"
python3 - "$results" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    b, load, server, rps, p50, p99, rss, non2xx, cpu, la = line.rstrip("\n").split("\t")
    rows.setdefault((b, load, server), []).append((rps, p50, p99, rss, non2xx, cpu, la))
def med(values):
    values = [float(v) for v in values if v not in ("", None)]
    return statistics.median(values) if values else float("nan")
def rate(values):  # sign-ins are a few per second: keep two decimals there
    m = med(values)
    return f"{m:.2f}" if m < 100 else f"{m:.0f}"
for (b, load, server), runs in sorted(rows.items()):
    rps, p50, p99, rss, _, cpu, la = zip(*runs)
    errors = sum(int(r[4] or 0) for r in runs)
    note = f" ({errors} non-2xx or timed out)" if errors else ""
    if load.startswith("scrypt"):
        # requests/s is hashes/s, p50 the wall ms per hash on each thread, CPU per hash.
        print(f"| {b} | {load} | {server} | {rate(rps)} hashes/s | {med(p50):.1f} ms/hash | | | {med(cpu):.0f} | {min(la)}–{max(la)} |")
        continue
    print(f"| {b} | {load} | {server}{note} | {rate(rps)} | {med(p50):.2f} | {med(p99):.2f} | {med(rss):.0f} | {med(cpu):.1f} | {min(la)}–{max(la)} |")
PY

# atrium's sign-in memory against its target, per round, in KiB.
echo
cat "$work/rss_bound.txt"
