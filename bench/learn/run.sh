#!/usr/bin/env bash
# The learner API's benchmark: append-message and list-messages throughput with request
# metrics recording on and off (ATRIUM_METRICS), against the Release binary and wrk.
#
# Usage: bench/learn/run.sh [sqlite|postgres] [rounds] [seconds]
#   postgres needs ATRIUM_TEST_PG_URL (run it under scripts/with-test-postgres).
#
# Each round starts a fresh atrium per setting, in alternating order, so drift on a shared
# machine (other builds, thermal) falls on both settings alike; the medians are compared.
set -euo pipefail

backend=${1:-sqlite}
rounds=${2:-5}
seconds=${3:-10}
connections=${ATRIUM_BENCH_CONNECTIONS:-16}
sessions_count=${ATRIUM_BENCH_SESSIONS:-32}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${ATRIUM_BENCH_BUILD:-$root/build/bench-release}
work=$(mktemp -d /tmp/atrium-bench-learn.XXXXXX)
server_pid=""

cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DATRIUM_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target atrium >/dev/null
atrium="$build/atrium"
# The per-request recording cost in isolation, linked against the same Release libraries.
g++ -std=c++20 -O2 -DNDEBUG -pthread -I"$root/src" "$here/hook_cost.cpp" -o "$work/hook_cost" \
  "$build/libatrium_learn.a" "$build/libatrium_auth.a" "$build/libatrium_http.a" \
  "$build/libatrium_db.a" "$build/libatrium_core.a" \
  -lboost_json -lboost_url -lsodium -lsqlite3 -lpq -lspdlog -lfmt -lutf8proc -lcurl

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

fresh_database() {  # prints a DATABASE_URL
  local name="bench_learn_$1"
  if [ "$backend" = postgres ]; then
    : "${ATRIUM_TEST_PG_URL:?run under scripts/with-test-postgres}"
    psql -qAtX "$ATRIUM_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" \
      >/dev/null 2>&1
    echo "${ATRIUM_TEST_PG_URL%/*}/$name"
  else
    echo "sqlite:///$work/$name.db"
  fi
}

drop_database() {
  if [ "$backend" = postgres ]; then
    psql -qAtX "$ATRIUM_TEST_PG_URL" -c "DROP DATABASE IF EXISTS bench_learn_$1" >/dev/null
  fi
}

# start <metrics on|off> <database url>: starts atrium, waits for /health; the port goes to
# $work/port (not stdout: a command substitution would run this in a subshell).
start() {
  local port
  port=$(free_port)
  DATABASE_URL="$2" "$atrium" db upgrade head >/dev/null 2>&1
  ATRIUM_METRICS="$1" DATABASE_URL="$2" BETTER_AUTH_SECRET=bench-secret-bench-secret-bench-secret \
    ATRIUM_LOG_LEVEL=warn "$atrium" serve --port "$port" >"$work/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do
    if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
      echo "$port" >"$work/port"
      return
    fi
    sleep 0.1
  done
  echo "atrium did not start:" >&2
  cat "$work/serve.log" >&2
  exit 1
}

stop() {
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# prepare <port>: anonymous sessions with 40 messages each, ids in $work/sessions.txt.
prepare() {
  : >"$work/sessions.txt"
  for _ in $(seq "$sessions_count"); do
    local id
    id=$(curl -fsS -X POST "http://127.0.0.1:$1/api/chat/sessions" |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["session_id"])')
    echo "$id" >>"$work/sessions.txt"
  done
  wrk -t1 -c4 -d1s -s "$here/append.lua" "http://127.0.0.1:$1" -- "$work/sessions.txt" >/dev/null
  while read -r id; do
    for _ in $(seq 40); do
      curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' \
        -d '{"role":"assistant","content":"Use rclpy: create a node, then a publisher."}' \
        "http://127.0.0.1:$1/api/chat/sessions/$id/messages"
    done
  done <"$work/sessions.txt"
}

# drain <port>: seconds until the metrics writer has written every row recorded so far (about
# 0 when recording is off). Waited for between phases, so one phase's rows are not written
# during the next; not counted, since a writer that keeps up lags by at most its flush interval
# (1 s), which shows here as up to a second.
drain() {
  python3 - "$1" <<'PY'
import re, sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/metrics"
def sample():
    text = urllib.request.urlopen(url).read().decode()
    get = lambda name: float((re.search(rf"^{name} (\S+)$", text, re.M) or [0, 0])[1])
    done = sum(get(f"atrium_metrics_rows_{k}_total") for k in ("written", "dropped", "failed"))
    return get("atrium_metrics_rows_recorded_total"), done
start = time.monotonic()
# Rows recorded before the first poll are the load's; the polls add rows of their own.
recorded, done = sample()
while done < recorded:
    time.sleep(0.02)
    _, done = sample()
print(f"{time.monotonic() - start:.3f}")
PY
}

# measure <port> <script>: requests per second over the load, then waits for the writer.
# writer_ticks: CPU ticks of the metrics writer thread (named atrium-metrics), 0 without one.
writer_ticks() {
  local task
  for task in /proc/"$server_pid"/task/*; do
    if [ "$(cat "$task/comm" 2>/dev/null)" = atrium-metrics ]; then
      awk '{print $14 + $15}' "$task/stat"
      return
    fi
  done
  echo 0
}

measure() {
  local out drained ticks0 ticks1 wticks0 wticks1 requests cpu_us writer_us
  ticks0=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
  wticks0=$(writer_ticks)
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" -s "$here/$2" "http://127.0.0.1:$1" -- \
    "$work/sessions.txt" 2>"$work/wrk.err")
  drained=$(drain "$1")
  # After the drain, so the writer's inserts for this load are counted with it.
  ticks1=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
  wticks1=$(writer_ticks)
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  per_request() {
    awk -v t="$1" -v n="${requests:-0}" -v hz="$(getconf CLK_TCK)" \
      'BEGIN { if (n > 0) printf "%.2f", t * 1e6 / hz / n; else print "nan" }'
  }
  cpu_us=$(per_request $((ticks1 - ticks0)))
  # The writer's share is counted on its own thread's clock, which the rest of the machine's
  # load disturbs far less than the whole process' CPU per request.
  writer_us=$(per_request $((wticks1 - wticks0)))
  if [ -s "$work/wrk.err" ]; then sort "$work/wrk.err" | uniq -c >&2; fi
  echo "$(echo "$out" | awk '/^Requests\/sec:/ {print $2}') $cpu_us $writer_us"
  echo "  $2: $(echo "$out" | awk '/requests in/ {print $1, $2, $3, $4}') writer done ${drained}s after," \
    "server CPU ${cpu_us}us/request, writer thread ${writer_us}us/request" \
    "(load $(cut -d' ' -f1 /proc/loadavg))" >&2
}

results="$work/results.txt"
: >"$results"
for round in $(seq "$rounds"); do
  if ((round % 2)); then order="on off"; else order="off on"; fi
  for metrics in $order; do
    url=$(fresh_database "${round}_$metrics")
    start "$metrics" "$url"
    port=$(cat "$work/port")
    prepare "$port"
    # list first, so both settings list the same prepared messages.
    list=$(measure "$port" list.lua)
    append=$(measure "$port" append.lua)
    stop
    drop_database "${round}_$metrics"
    echo "$metrics append $append" >>"$results"
    echo "$metrics list $list" >>"$results"
    echo "round $round metrics=$metrics append=${append%% *} req/s list=${list%% *} req/s" >&2
  done
done

# After the rounds, so its burst of inserts cannot disturb them.
url=$(fresh_database hook)
DATABASE_URL="$url" "$atrium" db upgrade head >/dev/null 2>&1
hook=$("$work/hook_cost" "$url" 1000000)
drop_database hook

python3 - "$results" "$backend" "$rounds" "$seconds" "$connections" "$hook" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
backend, rounds, seconds, connections, hook = sys.argv[2:7]
print(f"recording one request (Metrics::on_complete): {hook}")
print(f"backend={backend} rounds={rounds} duration={seconds}s connections={connections}")
# requests/s move with whatever else the machine runs; the server's CPU time per request
# (user + system, the writer's inserts included) much less.
print(f"{'operation':<10} {'off req/s':>10} {'on req/s':>10} {'cost':>7}"
      f" {'off CPU us':>11} {'on CPU us':>10} {'cost':>7}")
def med(setting, op, col):
    return statistics.median(float(r[col]) for r in rows if r[0] == setting and r[1] == op)
for op in ("append", "list"):
    off, on = med("off", op, 2), med("on", op, 2)
    coff, con = med("off", op, 3), med("on", op, 3)
    print(f"{op:<10} {off:>10.0f} {on:>10.0f} {100 * (off - on) / off:>6.1f}%"
          f" {coff:>11.1f} {con:>10.1f} {100 * (con - coff) / coff:>6.1f}%")
# The direct cost of recording, each part on its own clock: the completion hook (hook_cost's
# CPU per call on the socket thread) plus the writer thread's CPU per request of the load,
# against the CPU per request with recording off.
hook_us = float(dict(kv.split("=") for kv in hook.split())["cpu_ns_per_call"]) / 1000
print(f"direct cost of recording (hook {hook_us:.2f} us + writer thread, per request):")
for op in ("append", "list"):
    writer = med("on", op, 4)
    coff = med("off", op, 3)
    print(f"{op:<10} writer {writer:.2f} us  total {hook_us + writer:.2f} us"
          f"  = {100 * (hook_us + writer) / coff:.1f}% of {coff:.1f} us")
PY
