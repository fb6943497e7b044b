"""Interop with the real Alembic (Debian's python3-alembic) on the seed's project: Alembic
brings an empty database to e58d1bdc4ddb, `atrium db upgrade head` continues, `check` is clean,
and alembic_version holds exactly what Alembic itself would write for atrium's head. Then the
other way round: a version table atrium created is the one Alembic creates, and Alembic reads
and moves it.

    ATRIUM_TEST_BACKEND=sqlite|postgres /usr/bin/python3 alembic_interop.py <atrium binary>
"""

import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import unittest

from scratch_db import FULL_CHAIN, ScratchDatabase, alembic, atrium

BINARY = None


class AlembicInterop(unittest.TestCase):
    def setUp(self):
        self.db = ScratchDatabase()

    def tearDown(self):
        self.db.drop()

    def ok(self, result):
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result

    def head(self):
        out = self.ok(atrium(BINARY, self.db, "heads")).stdout.split()
        self.assertEqual(len(out), 2, out)  # "<id> (head)"
        return out[0]

    def test_atrium_continues_a_database_alembic_made(self):
        self.ok(alembic(self.db, "upgrade", "head"))
        self.assertEqual(self.db.query("SELECT version_num FROM alembic_version"), [("e58d1bdc4ddb",)])
        # atrium reads Alembic's state and accepts SQLAlchemy's spelling of the same schema.
        self.assertEqual(self.ok(atrium(BINARY, self.db, "current")).stdout, "e58d1bdc4ddb\n")
        self.ok(atrium(BINARY, self.db, "check"))
        up = self.ok(atrium(BINARY, self.db, "upgrade", "head"))
        self.assertIn("Running upgrade e58d1bdc4ddb -> 7a3e5c2b9f10", up.stderr)
        self.ok(atrium(BINARY, self.db, "check"))
        # Exactly what Alembic writes for a single head: one row, the head id.
        self.assertEqual(self.db.query("SELECT version_num FROM alembic_version"), [(self.head(),)])

    def test_alembic_reads_and_moves_what_atrium_wrote(self):
        self.ok(atrium(BINARY, self.db, "upgrade", "e58d1bdc4ddb"))
        current = self.ok(alembic(self.db, "current"))
        self.assertEqual(current.stdout, "e58d1bdc4ddb (head)\n")
        # Alembic's own downgrade works on atrium's tables and version row.
        self.ok(alembic(self.db, "downgrade", "base"))
        self.assertEqual(self.db.query("SELECT count(*) FROM alembic_version"), [(0,)])
        self.assertNotIn("chat_sessions", self.db.tables())

    def test_the_version_table_is_byte_for_byte_alembics(self):
        other = ScratchDatabase()
        try:
            self.ok(alembic(other, "upgrade", "head"))
            self.ok(atrium(BINARY, self.db, "upgrade", "e58d1bdc4ddb"))
            if self.db.backend == "sqlite":
                sql = "SELECT sql FROM sqlite_master WHERE name = 'alembic_version'"
                self.assertEqual(self.db.query(sql), other.query(sql))
                idx = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'alembic_version'"
                self.assertEqual(self.db.query(idx), other.query(idx))
            else:
                cols = ("SELECT column_name, data_type, character_maximum_length, is_nullable FROM "
                        "information_schema.columns WHERE table_name = 'alembic_version'")
                self.assertEqual(self.db.query(cols), other.query(cols))
                cons = ("SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
                        "WHERE conrelid = 'alembic_version'::regclass")
                self.assertEqual(self.db.query(cons), other.query(cons))
        finally:
            other.drop()

    def test_a_schema_alembic_built_means_the_same_to_check(self):
        # The whole shipped schema written as Alembic revisions (SQLAlchemy's spellings: JSON,
        # FLOAT, TIMESTAMP WITH TIME ZONE, CURRENT_TIMESTAMP, default constraint names, a batch
        # rebuild on SQLite) is clean for `atrium db check`, and atrium takes it from there.
        self.ok(alembic(self.db, "upgrade", "head", project=FULL_CHAIN))
        self.assertEqual(self.ok(atrium(BINARY, self.db, "current")).stdout, self.head() + " (head)\n")
        check = self.ok(atrium(BINARY, self.db, "check"))
        self.assertTrue(check.stdout.startswith("OK: "), check.stdout)
        self.ok(atrium(BINARY, self.db, "downgrade", "e58d1bdc4ddb"))
        self.ok(atrium(BINARY, self.db, "check"))
        self.ok(atrium(BINARY, self.db, "upgrade", "head"))
        self.ok(atrium(BINARY, self.db, "check"))

    def test_stamp_and_unknown_revisions_as_alembic(self):
        self.ok(alembic(self.db, "upgrade", "head"))
        self.db.execute("UPDATE alembic_version SET version_num = 'deadbeef0000'")
        r = atrium(BINARY, self.db, "current")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr, "FAILED: Can't locate revision identified by 'deadbeef0000'\n")
        self.ok(atrium(BINARY, self.db, "stamp", "--purge", "e58d1bdc4ddb"))
        self.assertEqual(self.ok(alembic(self.db, "current")).stdout, "e58d1bdc4ddb (head)\n")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit("usage: alembic_interop.py <atrium binary>")
    BINARY = sys.argv.pop(1)
    unittest.main(verbosity=2)
