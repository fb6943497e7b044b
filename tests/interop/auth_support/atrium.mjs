// Helpers for the auth interop tests: a fresh database of the backend under test
// (ATRIUM_TEST_BACKEND=sqlite|postgres; PostgreSQL from ATRIUM_TEST_PG_URL, which
// scripts/with-test-postgres exports), atrium processes on it (ATRIUM_BINARY), and a
// browser-like fetch that keeps cookies and sends an Origin.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";

export const SECRET = "interop-shared-secret-0123456789abcdefghij";
export const ORIGIN = "http://localhost:3000";

export function backend() {
  const b = process.env.ATRIUM_TEST_BACKEND || "sqlite";
  if (b !== "sqlite" && b !== "postgres") throw new Error(`unsupported backend ${b}`);
  return b;
}

function binary() {
  const bin = process.env.ATRIUM_BINARY;
  if (!bin || !fs.existsSync(bin)) throw new Error("ATRIUM_BINARY must name the built atrium");
  return bin;
}

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = "/" + name;
  return u.toString();
}

// { url (atrium's DATABASE_URL), sqlitePath | pgUrl, drop() }
export async function freshDatabase(kind = backend()) {
  if (kind === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "atrium-auth-interop-"));
    const file = path.join(dir, "auth.db");
    return {
      kind,
      url: `sqlite:///${file}`,
      sqlitePath: file,
      async drop() {
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = process.env.ATRIUM_TEST_PG_URL;
  if (!admin) throw new Error("ATRIUM_TEST_PG_URL is not set: run through scripts/with-test-postgres");
  const name = "auth_interop_" + randomBytes(6).toString("hex");
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = withDatabase(admin, name);
  return {
    kind,
    url,
    pgUrl: url,
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

// The handle Better Auth itself is given for `db` (from freshDatabase), and how to close it.
// SQLite waits up to 5 s for atrium's writes, as atrium waits for Better Auth's.
export function betterAuthDatabase(db) {
  if (db.kind === "sqlite") {
    const sqlite = new Database(db.sqlitePath);
    sqlite.pragma("busy_timeout = 5000");
    return { database: sqlite, close: async () => sqlite.close() };
  }
  const pool = new pg.Pool({ connectionString: db.pgUrl });
  return { database: pool, close: () => pool.end() };
}

export function upgrade(url) {
  const r = spawnSync(binary(), ["db", "upgrade", "head"], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`atrium db upgrade head failed: ${r.stderr}${r.stdout}`);
}

// Starts `atrium serve` on a free port; resolves once it listens.
export function startAtrium(url, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary(), ["serve"], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        BETTER_AUTH_SECRET: SECRET,
        BETTER_AUTH_URL: ORIGIN,
        ATRIUM_PORT: "0",
        ATRIUM_LOG_LEVEL: "warn",
        ...extraEnv,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`atrium did not start: ${out}${err}`));
    }, 20000);
    child.stderr.on("data", (d) => (err += d));
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[^\s]+)/);
      if (m) {
        clearTimeout(timer);
        resolve({
          base: m[1],
          child,
          stderr: () => err,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
        });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`atrium exited with ${code}: ${out}${err}`));
    });
  });
}

// A fetch that behaves like a browser on ORIGIN: remembers Set-Cookie, sends Cookie and
// Origin. One jar per simulated browser.
export function browserFetch() {
  const jar = new Map();
  const f = async (input, init = {}) => {
    const headers = new Headers(init.headers || (input instanceof Request ? input.headers : {}));
    if (jar.size > 0) {
      headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    headers.set("origin", ORIGIN);
    const res = await fetch(input, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => a.trim().toLowerCase() === "max-age=0");
      if (expired || value === "") jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };
  f.jar = jar;
  return f;
}
