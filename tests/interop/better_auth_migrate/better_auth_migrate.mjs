// Better Auth's own migrator ("Option A" in the seed): builds a betterAuth() instance on the
// database and runs getMigrations(...).runMigrations(), exactly as `npx @better-auth/cli
// migrate` would. Optionally signs a user up through Better Auth so adoption can be shown to
// keep real rows.
//
//   node better_auth_migrate.mjs <database-url> [--rate-limit-table] [--sign-up email password]

import { betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import Database from "better-sqlite3";
import pg from "pg";

const [url, ...rest] = process.argv.slice(2);
if (!url) {
  console.error("usage: better_auth_migrate.mjs <database-url> [--rate-limit-table] [--sign-up email password]");
  process.exit(2);
}

let database;
let close;
if (url.startsWith("sqlite:///")) {
  // SQLAlchemy's spelling: sqlite:////abs/path is /abs/path, sqlite:///rel is rel.
  const db = new Database(url.slice("sqlite:///".length));
  database = db;
  close = async () => db.close();
} else {
  const pool = new pg.Pool({ connectionString: url.replace(/^postgres:\/\//, "postgresql://") });
  database = pool;
  close = () => pool.end();
}

const options = {
  database,
  secret: "interop-secret-interop-secret-interop-secret",
  baseURL: "http://localhost:3000",
  emailAndPassword: { enabled: true },
  logger: { disabled: true },
};
if (rest.includes("--rate-limit-table")) {
  options.rateLimit = { enabled: true, storage: "database" };
}

const { toBeCreated, toBeAdded, runMigrations } = await getMigrations(options);
await runMigrations();

const signUp = rest.indexOf("--sign-up");
if (signUp >= 0) {
  const auth = betterAuth(options);
  await auth.api.signUpEmail({
    body: { email: rest[signUp + 1], password: rest[signUp + 2], name: "Interop" },
  });
}
console.log(
  JSON.stringify({
    created: toBeCreated.map((t) => t.table),
    added: toBeAdded.map((t) => t.table),
  }),
);
await close();
