"""Interop with the real Better Auth migrator (npm better-auth, better-sqlite3, pg): on a
database the real Alembic brought to e58d1bdc4ddb, Better Auth's own migrator creates its
tables (the seed's "Option A"); `atrium db upgrade head` adopts them, keeps the user Better
Auth signed up, and finishes with `check` clean. A table changed by hand makes the adoption
fail with a readable difference and no change.

    ATRIUM_TEST_BACKEND=sqlite|postgres /usr/bin/python3 better_auth_migrate_interop.py <atrium binary>
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "alembic"))
from scratch_db import ScratchDatabase, alembic, atrium, run  # noqa: E402

BINARY = None
HERE = os.path.dirname(os.path.abspath(__file__))
INTEROP = os.path.dirname(HERE)


def better_auth_migrate(db, *args):
    return run(["node", os.path.join(HERE, "better_auth_migrate.mjs"), db.url, *args], cwd=INTEROP)


class BetterAuthAdoption(unittest.TestCase):
    def setUp(self):
        self.db = ScratchDatabase()
        r = alembic(self.db, "upgrade", "head")
        self.assertEqual(r.returncode, 0, r.stderr)

    def tearDown(self):
        self.db.drop()

    def ok(self, result):
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result

    def test_atrium_adopts_what_better_auth_made(self):
        out = self.ok(better_auth_migrate(self.db, "--rate-limit-table", "--sign-up",
                                          "ada@example.com", "correct horse battery")).stdout
        created = json.loads(out.strip().splitlines()[-1])["created"]
        self.assertEqual(sorted(created), ["account", "rateLimit", "session", "user", "verification"])
        up = self.ok(atrium(BINARY, self.db, "upgrade", "head"))
        for table in ('"user"', "session", "account", "verification", '"rateLimit"'):
            self.assertIn("adopted the existing table " + table, up.stderr)
        self.ok(atrium(BINARY, self.db, "check"))
        self.assertEqual(self.db.query('SELECT email FROM "user"'), [("ada@example.com",)])
        # The credential account Better Auth wrote is intact, password hash and all.
        rows = self.db.query('SELECT "providerId", password FROM account')
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0][0], "credential")
        self.assertTrue(rows[0][1].count(":") == 1, rows[0][1])
        # Every table atrium owns now exists, and the chats cascade from Better Auth's users.
        for table in ("user_profiles", "user_background_questionnaire"):
            self.assertIn(table, self.db.tables())

    def test_without_the_rate_limit_table_atrium_creates_it(self):
        self.ok(better_auth_migrate(self.db))
        self.ok(atrium(BINARY, self.db, "upgrade", "head"))
        self.assertIn("rateLimit", self.db.tables())
        self.ok(atrium(BINARY, self.db, "check"))

    def test_a_table_changed_by_hand_fails_with_a_difference_and_no_change(self):
        self.ok(better_auth_migrate(self.db))
        self.db.execute('ALTER TABLE session DROP COLUMN "userAgent"')
        before = self.db.tables()
        r = atrium(BINARY, self.db, "upgrade", "head")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("FAILED: revision 7a3e5c2b9f10 (better_auth_core_tables) failed in "
                      "create_table (adopt) session", r.stderr)
        self.assertIn("column userAgent is missing", r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 2, r.stderr)  # one note line + the error
        self.assertEqual(self.db.query("SELECT version_num FROM alembic_version"), [("e58d1bdc4ddb",)])
        self.assertEqual(self.db.tables(), before)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit("usage: better_auth_migrate_interop.py <atrium binary>")
    BINARY = sys.argv.pop(1)
    unittest.main(verbosity=2)
