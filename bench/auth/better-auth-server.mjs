// Better Auth 1.7.25 on Node, the baseline of the auth benchmark: e-mail and password with
// the bearer plugin (as atrium serves it), rate limiting off, on the database atrium migrated.
//
//   node better-auth-server.mjs <port> <sqlite file | postgres url>
// Needs the packages of tests/interop (NODE_PATH or run from there).
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Resolve the pinned packages from tests/interop/node_modules wherever this file lives.
const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../tests/interop/package.json"));
const { betterAuth } = await import(
  path.join(here, "../../tests/interop/node_modules/better-auth/dist/index.mjs")
);
const { bearer } = await import(
  path.join(here, "../../tests/interop/node_modules/better-auth/dist/plugins/index.mjs")
);
const { toNodeHandler } = await import(
  path.join(here, "../../tests/interop/node_modules/better-auth/dist/integrations/node.mjs")
);

const [port, target] = process.argv.slice(2);
let database;
if (target.startsWith("postgres")) {
  const pg = require("pg");
  database = new pg.Pool({ connectionString: target, max: 10 });
} else {
  const Database = require("better-sqlite3");
  database = new Database(target);
  database.pragma("journal_mode = WAL");
  database.pragma("busy_timeout = 5000");
}

const auth = betterAuth({
  database,
  secret: process.env.BETTER_AUTH_SECRET,
  baseURL: process.env.BETTER_AUTH_URL,
  emailAndPassword: { enabled: true },
  plugins: [bearer()],
  rateLimit: { enabled: false },
  logger: { disabled: true },
  telemetry: { enabled: false },
});

http.createServer(toNodeHandler(auth)).listen(Number(port), "127.0.0.1", () => {
  console.log(`better-auth listening on http://127.0.0.1:${port}`);
});
