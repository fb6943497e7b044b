"""Reads hyperfine's JSON exports from bench/migrate/run.sh and prints the Markdown table for
bench/RESULTS.md: medians, and each ratio next to its target from issue 3."""

import json
import os
import sys


def median_ms(out, name):
    with open(os.path.join(out, name + ".json")) as f:
        result = json.load(f)["results"][0]
    return (result["median"] * 1000, result["min"] * 1000, len(result["times"]))


def main(out):
    rows = []
    try:
        with open(os.path.join(out, "rows")) as f:
            n = int(f.read())
        million = "%s rows" % ("1M" if n == 1000000 else "{:,}".format(n))
    except (OSError, ValueError):
        million = "1M rows"

    def line(case, dialect, atrium, baseline, baseline_name, target, wanted):
        a, a_min, a_n = median_ms(out, atrium)
        b, b_min, b_n = median_ms(out, baseline)
        ratio = b / a
        met = wanted(ratio)
        rows.append("| %s | %s | %.1f ms (min %.1f, n=%d) | %s %.1f ms (min %.1f, n=%d) | %s | %s |" % (
            case, dialect, a, a_min, a_n, baseline_name, b, b_min, b_n,
            ("%.1f× faster" % ratio) if ratio >= 1 else ("%.2f× the time" % (a / b)),
            ("met (target %s)" if met else "**not met** (target %s)") % target))

    line("`upgrade head` from empty", "SQLite", "upgrade_sqlite_atrium", "upgrade_sqlite_alembic",
         "alembic", "≥ 30×", lambda r: r >= 30)
    line("`upgrade head` from empty", "PostgreSQL", "upgrade_postgresql_atrium",
         "upgrade_postgresql_alembic", "alembic", "≥ 15×", lambda r: r >= 15)
    line("`upgrade head` from empty", "PostgreSQL", "upgrade_postgresql_atrium",
         "upgrade_postgresql_floor", "libpq floor (connect + the --sql script in one round trip)",
         "(floor)", lambda r: True)
    line("`current` at head", "SQLite", "current_sqlite_atrium", "current_sqlite_alembic", "alembic",
         "≥ 50×", lambda r: r >= 50)
    line("`current` at head", "PostgreSQL", "current_postgresql_atrium",
         "current_postgresql_alembic", "alembic", "≥ 50×", lambda r: r >= 50)
    line("`current` at head", "PostgreSQL", "current_postgresql_atrium",
         "current_postgresql_floor", "libpq floor (connect + the version read)", "(floor)",
         lambda r: True)
    line("add_user_id_to_chat_sessions, " + million, "SQLite", "step_sqlite_atrium",
         "step_sqlite_alembic", "alembic", "≤ ¼ of Alembic's time (≥ 4×)", lambda r: r >= 4)
    line("add_user_id_to_chat_sessions, " + million, "SQLite", "step_sqlite_atrium",
         "step_sqlite_plain_sql", "plain SQL in place", "(floor)", lambda r: True)
    line("add_user_id_to_chat_sessions, " + million, "SQLite", "step_sqlite_atrium",
         "step_sqlite_plain_sql_rebuild", "plain SQL rebuild", "(Alembic's method)", lambda r: True)
    line("add_user_id_to_chat_sessions, " + million, "PostgreSQL", "step_postgresql_atrium",
         "step_postgresql_alembic", "alembic", "(reference)", lambda r: True)
    line("add_user_id_to_chat_sessions, " + million, "PostgreSQL", "step_postgresql_atrium",
         "step_postgresql_plain_sql", "plain SQL", "≤ 1.2× the floor", lambda r: r >= 1 / 1.2)
    print("| case | dialect | atrium (median) | baseline (median) | ratio | target |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(r)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/atrium-bench-migrate")
