#!/usr/bin/env bash
# Side-by-side benchmark of atrium's migration engine and Alembic 1.8 (Debian's
# python3-alembic) with the same schema: tests/interop/alembic/full_chain/ is the shipped chain
# written as Alembic revisions (batch mode for SQLite, as the seed's team would). Medians of
# several runs via hyperfine; results as JSON in $OUT and a Markdown table on stdout for
# bench/RESULTS.md.
#
#   cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DATRIUM_BUILD_TESTS=OFF
#   cmake --build build/release --target atrium
#   scripts/with-test-postgres bench/migrate/run.sh build/release/atrium
#
# Environment: RUNS (default 10) for the small cases, BIG_RUNS (default 5) for the million-row
# step, ROWS (default 1000000), OUT (default /tmp/atrium-bench-migrate).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
atrium=$(realpath "${1:?usage: run.sh <atrium binary>}")
runs=${RUNS:-10}
big_runs=${BIG_RUNS:-5}
rows=${ROWS:-1000000}
out=${OUT:-/tmp/atrium-bench-migrate}
: "${ATRIUM_TEST_PG_URL:?run through scripts/with-test-postgres (it exports ATRIUM_TEST_PG_URL)}"
rm -rf "$out"
mkdir -p "$out"
echo "$rows" >"$out/rows"
unset DATABASE_URL NEON_DATABASE_URL ATRIUM_PG_POOLER

python=/usr/bin/python3
chain=$(cd "$here/../../tests/interop/alembic/full_chain" && pwd)
pg_url() { echo "${ATRIUM_TEST_PG_URL%/*}/$1"; }
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -d "$ATRIUM_TEST_PG_URL" "$@"; }
recreate_pg() {  # name [template]
  psql_admin -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" \
             -c "CREATE DATABASE $1${2:+ TEMPLATE $2}"
}
bench() {  # name runs prepare command…
  local name=$1 n=$2 prepare=$3
  shift 3
  echo "== $name" >&2
  # No shell: the commands and the untimed prepare step (reset.sh) run directly.
  (cd "$chain" && hyperfine -N --style basic --runs "$n" --prepare "$prepare" \
     --export-json "$out/$name.json" --command-name "$name" "$*" >&2)
}

# The floor for the PostgreSQL cases: a C client that loads libpq, connects and sends the
# same SQL in one round trip (`atrium db upgrade head --sql` for upgrade; the version read for
# current).
floor="$out/libpq_floor"
gcc -O2 -I"$(pg_config --includedir)" "$here/libpq_floor.c" -o "$floor" -lpq
"$atrium" db upgrade head --sql --url "$(pg_url postgres)" >"$out/upgrade_head.sql" 2>/dev/null
echo "SELECT version_num FROM alembic_version" >"$out/current.sql"

# Alembic runs from its project directory (script_location is relative), with DATABASE_URL
# as the seed's env.py reads it.
alembic_cmd() { echo "env DATABASE_URL=$1 $python -m alembic -c $chain/alembic.ini ${*:2}"; }

# ---------------------------------------------------------------- 1. upgrade head from empty
sq="$out/empty.db"
reset="$here/reset.sh"
bench upgrade_sqlite_atrium "$runs" "$reset sqlite $sq" "$atrium db upgrade head --url sqlite:///$sq"
bench upgrade_sqlite_alembic "$runs" "$reset sqlite $sq" "$(alembic_cmd "sqlite:///$sq" upgrade head)"
bench upgrade_postgresql_atrium "$runs" "$reset postgresql bench_empty" \
  "$atrium db upgrade head --url $(pg_url bench_empty)"
bench upgrade_postgresql_alembic "$runs" "$reset postgresql bench_empty" \
  "$(alembic_cmd "$(pg_url bench_empty)" upgrade head)"
bench upgrade_postgresql_floor "$runs" "$reset postgresql bench_empty" \
  "$floor $(pg_url bench_empty) $out/upgrade_head.sql"

# ---------------------------------------------------------------- 2. current at head
"$reset" sqlite "$sq"
"$atrium" db upgrade head --url "sqlite:///$sq" 2>/dev/null
recreate_pg bench_head
"$atrium" db upgrade head --url "$(pg_url bench_head)" 2>/dev/null
bench current_sqlite_atrium "$runs" "/bin/true" "$atrium db current --url sqlite:///$sq"
bench current_sqlite_alembic "$runs" "/bin/true" "$(alembic_cmd "sqlite:///$sq" current)"
bench current_postgresql_atrium "$runs" "/bin/true" "$atrium db current --url $(pg_url bench_head)"
bench current_postgresql_alembic "$runs" "/bin/true" "$(alembic_cmd "$(pg_url bench_head)" current)"
bench current_postgresql_floor "$runs" "/bin/true" "$floor $(pg_url bench_head) $out/current.sql"

# ---------------------------------------------------------------- 3. the million-row step
# A database at 7a3e5c2b9f10 (the revision before add_user_id_to_chat_sessions) with $rows
# chat sessions; every run starts from a copy of it.
tmpl="$out/template.db"
"$atrium" db upgrade 7a3e5c2b9f10 --url "sqlite:///$tmpl" 2>/dev/null
sqlite3 "$tmpl" "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < $rows)
  INSERT INTO chat_sessions (session_id) SELECT printf('00000000-0000-4000-8000-%012d', x) FROM c;
  PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
work="$out/work.db"
copy="$reset sqlite $work $tmpl"
bench step_sqlite_atrium "$big_runs" "$copy" "$atrium db upgrade a1d4c6e8f203 --url sqlite:///$work"
bench step_sqlite_alembic "$big_runs" "$copy" "$(alembic_cmd "sqlite:///$work" upgrade a1d4c6e8f203)"
bench step_sqlite_plain_sql "$big_runs" "$copy" \
  "sqlite3 -bail $work .read\ $here/add_user_id_sqlite.sql"
bench step_sqlite_plain_sql_rebuild "$big_runs" "$copy" \
  "sqlite3 -bail $work .read\ $here/add_user_id_sqlite_rebuild.sql"

recreate_pg bench_template
"$atrium" db upgrade 7a3e5c2b9f10 --url "$(pg_url bench_template)" 2>/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d "$(pg_url bench_template)" \
  -c "INSERT INTO chat_sessions (session_id) SELECT ('00000000-0000-4000-8000-' || lpad(x::text, 12, '0'))::uuid FROM generate_series(1, $rows) AS x" \
  -c "VACUUM ANALYZE chat_sessions" -c "CHECKPOINT"
pg_copy="$reset postgresql bench_work bench_template"
bench step_postgresql_atrium "$big_runs" "$pg_copy" "$atrium db upgrade a1d4c6e8f203 --url $(pg_url bench_work)"
bench step_postgresql_alembic "$big_runs" "$pg_copy" "$(alembic_cmd "$(pg_url bench_work)" upgrade a1d4c6e8f203)"
bench step_postgresql_plain_sql "$big_runs" "$pg_copy" \
  "psql -X -q -v ON_ERROR_STOP=1 -d $(pg_url bench_work) -f $here/add_user_id_postgresql.sql"

psql_admin -c "DROP DATABASE IF EXISTS bench_empty WITH (FORCE)" -c "DROP DATABASE IF EXISTS bench_head WITH (FORCE)" \
  -c "DROP DATABASE IF EXISTS bench_work WITH (FORCE)" -c "DROP DATABASE IF EXISTS bench_template WITH (FORCE)"
"$python" "$here/summarize.py" "$out"
