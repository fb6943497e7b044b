"""A fresh database for one interop test, on the backend named by ATRIUM_TEST_BACKEND
(sqlite or postgres; PostgreSQL comes from scripts/with-test-postgres, which exports
ATRIUM_TEST_PG_URL). Also the helpers to run the real Alembic and the atrium binary."""

import os
import shutil
import sqlite3
import subprocess
import tempfile
import urllib.parse
import uuid

# The seed's Alembic project as shared/fixtures gives it, copied into the repository so a clean
# clone tests without the workplace's shared folder beside it.
FIXTURE = os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "alembic-e58d1bdc4ddb"))
# The whole shipped chain written as Alembic revisions, as the seed's team would have (also what
# bench/migrate measures Alembic with).
FULL_CHAIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "full_chain")
PYTHON = "/usr/bin/python3"  # Debian's: it has alembic, sqlalchemy and psycopg2


def backend():
    name = os.environ.get("ATRIUM_TEST_BACKEND", "sqlite")
    if name not in ("sqlite", "postgres"):
        raise SystemExit("ATRIUM_TEST_BACKEND must be sqlite or postgres, not %r" % name)
    return name


class ScratchDatabase:
    def __init__(self):
        self.backend = backend()
        if self.backend == "sqlite":
            self.dir = tempfile.mkdtemp(prefix="atrium-interop-")
            self.path = os.path.join(self.dir, "interop.db")
            self.url = "sqlite:///" + self.path  # absolute: sqlite:////tmp/…
        else:
            admin = os.environ.get("ATRIUM_TEST_PG_URL")
            if not admin:
                raise SystemExit("ATRIUM_TEST_PG_URL is not set: run through scripts/with-test-postgres")
            import psycopg2
            self.name = "interop_" + uuid.uuid4().hex[:12]
            self.admin = admin
            conn = psycopg2.connect(admin)
            conn.autocommit = True
            conn.cursor().execute('CREATE DATABASE "%s"' % self.name)
            conn.close()
            parts = urllib.parse.urlsplit(admin)
            self.url = urllib.parse.urlunsplit(parts._replace(path="/" + self.name))

    def connect(self):
        if self.backend == "sqlite":
            return sqlite3.connect(self.path)
        import psycopg2
        return psycopg2.connect(self.url)

    def query(self, sql):
        conn = self.connect()
        try:
            cur = conn.cursor()
            cur.execute(sql)
            return cur.fetchall()
        finally:
            conn.close()

    def execute(self, sql):
        conn = self.connect()
        try:
            conn.cursor().execute(sql)
            conn.commit()
        finally:
            conn.close()

    def tables(self):
        if self.backend == "sqlite":
            rows = self.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        else:
            rows = self.query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        return sorted(r[0] for r in rows)

    def drop(self):
        if self.backend == "sqlite":
            shutil.rmtree(self.dir, ignore_errors=True)
        else:
            import psycopg2
            conn = psycopg2.connect(self.admin)
            conn.autocommit = True
            conn.cursor().execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % self.name)
            conn.close()


def run(argv, env=None, cwd=None):
    full_env = dict(os.environ)
    for name in ("DATABASE_URL", "NEON_DATABASE_URL", "ATRIUM_PG_POOLER", "ATRIUM_VERSION_TABLE"):
        full_env.pop(name, None)
    full_env.update(env or {})
    return subprocess.run(argv, env=full_env, cwd=cwd, capture_output=True, text=True, timeout=300)


def alembic(db, *args, project=FIXTURE):
    """The real Alembic on an Alembic project (the seed's fixture by default); its env.py reads
    DATABASE_URL, as the seed's does."""
    return run([PYTHON, "-m", "alembic", "-c", os.path.join(project, "alembic.ini"), *args],
               env={"DATABASE_URL": db.url, "PYTHONDONTWRITEBYTECODE": "1"}, cwd=project)


def atrium(binary, db, *args):
    return run([binary, "db", *args, "--url", db.url])
