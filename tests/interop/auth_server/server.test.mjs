// The real Better Auth 1.7.25 server (in this process, on better-sqlite3 or pg) and atrium (a
// separate process) share one database and one secret: users, passwords and sessions made by
// either are honoured by the other, and both describe the same session identically.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { betterAuth } from "better-auth";
import { bearer } from "better-auth/plugins";
import {
  ORIGIN,
  SECRET,
  betterAuthDatabase,
  freshDatabase,
  startAtrium,
  upgrade,
} from "../auth_support/atrium.mjs";

let db;
let atrium;
let betterAuthServer;
let closeBetterAuthDatabase;

before(async () => {
  db = await freshDatabase();
  // atrium owns the schema: its migrations create Better Auth's tables, Better Auth uses them.
  upgrade(db.url);
  // No request metrics: their writer commits in the background, and on SQLite Better Auth's
  // deferred transactions (BEGIN, read, then write) fail with SQLITE_BUSY_SNAPSHOT when any
  // other connection committed in between -- a limit of SQLite's WAL, not of either server.
  atrium = await startAtrium(db.url, { ATRIUM_METRICS: "off" });
  const { database, close } = betterAuthDatabase(db);
  closeBetterAuthDatabase = close;
  betterAuthServer = betterAuth({
    database,
    secret: SECRET,
    baseURL: ORIGIN,
    emailAndPassword: { enabled: true },
    plugins: [bearer()],
    logger: { disabled: true },
    telemetry: { enabled: false },
  });
});

after(async () => {
  await atrium?.stop();
  await closeBetterAuthDatabase?.();
  await db?.drop();
});

// Both servers are asked the same way: an HTTP request to /api/auth/<path>.
async function ask(server, method, path, { body, cookie } = {}) {
  const headers = { origin: ORIGIN };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (cookie) headers.cookie = cookie;
  const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  const res =
    server === "better-auth"
      ? await betterAuthServer.handler(new Request(`${ORIGIN}/api/auth${path}`, init))
      : await fetch(`${atrium.base}/api/auth${path}`, init);
  const text = await res.text();
  const sessionCookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith("better-auth.session_token="));
  return {
    status: res.status,
    text,
    json: text ? JSON.parse(text) : undefined,
    cookie: sessionCookie ? sessionCookie.split(";")[0] : undefined,
    setCookie: res.headers.getSetCookie(),
  };
}

const servers = ["better-auth", "atrium"];
const other = (s) => (s === "atrium" ? "better-auth" : "atrium");

for (const maker of servers) {
  test(`a user ${maker} signed up signs in through ${other(maker)} with the same password`, async () => {
    const email = `made-by-${maker}@example.com`;
    const up = await ask(maker, "POST", "/sign-up/email", {
      body: { name: `Made by ${maker}`, email, password: "s3cret-passw0rd" },
    });
    assert.equal(up.status, 200, up.text);
    const wrong = await ask(other(maker), "POST", "/sign-in/email", {
      body: { email, password: "not-the-password" },
    });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.json, { message: "Invalid email or password", code: "INVALID_EMAIL_OR_PASSWORD" });
    const signIn = await ask(other(maker), "POST", "/sign-in/email", {
      body: { email: email.toUpperCase(), password: "s3cret-passw0rd" },
    });
    assert.equal(signIn.status, 200, signIn.text);
    assert.equal(signIn.json.user.id, up.json.user.id);
    assert.deepEqual(signIn.json.user, up.json.user);
  });

  test(`a session cookie ${maker} minted is accepted by ${other(maker)}, identically described`, async () => {
    const email = `cookie-${maker}@example.com`;
    const up = await ask(maker, "POST", "/sign-up/email", {
      body: { name: "Cookie", email, password: "s3cret-passw0rd" },
    });
    assert.equal(up.status, 200, up.text);
    assert.ok(up.cookie);
    const mine = await ask(maker, "GET", "/get-session", { cookie: up.cookie });
    const theirs = await ask(other(maker), "GET", "/get-session", { cookie: up.cookie });
    assert.equal(theirs.status, 200);
    assert.notEqual(theirs.json, null, "the other server did not accept the cookie");
    assert.equal(theirs.json.session.token, up.json.token);
    // Byte for byte the same JSON: same rows, same encodings, same key order.
    assert.equal(theirs.text, mine.text);
    // And the other server can act with it.
    const update = await ask(other(maker), "POST", "/update-user", {
      body: { name: `Renamed by ${other(maker)}` },
      cookie: up.cookie,
    });
    assert.equal(update.status, 200, update.text);
    const seen = await ask(maker, "GET", "/get-session", { cookie: up.cookie });
    assert.equal(seen.json.user.name, `Renamed by ${other(maker)}`);
    // Signing out on the other server ends the session everywhere.
    const out = await ask(other(maker), "POST", "/sign-out", { cookie: up.cookie });
    assert.equal(out.status, 200);
    assert.equal((await ask(maker, "GET", "/get-session", { cookie: up.cookie })).json, null);
  });

  test(`a password changed through ${maker} is the one ${other(maker)} checks`, async () => {
    const email = `change-${maker}@example.com`;
    const up = await ask(other(maker), "POST", "/sign-up/email", {
      body: { name: "Changer", email, password: "first-password" },
    });
    assert.equal(up.status, 200, up.text);
    const changed = await ask(maker, "POST", "/change-password", {
      body: { currentPassword: "first-password", newPassword: "second-password", revokeOtherSessions: true },
      cookie: up.cookie,
    });
    assert.equal(changed.status, 200, changed.text);
    assert.ok(changed.cookie, "revokeOtherSessions hands out a new session");
    assert.equal((await ask(other(maker), "GET", "/get-session", { cookie: up.cookie })).json, null);
    const fresh = await ask(other(maker), "GET", "/get-session", { cookie: changed.cookie });
    assert.equal(fresh.json.user.email, email);
    assert.equal(
      (await ask(other(maker), "POST", "/sign-in/email", { body: { email, password: "first-password" } })).status,
      401,
    );
    assert.equal(
      (await ask(other(maker), "POST", "/sign-in/email", { body: { email, password: "second-password" } })).status,
      200,
    );
    const verify = await ask(other(maker), "POST", "/verify-password", {
      body: { password: "second-password" },
      cookie: changed.cookie,
    });
    assert.equal(verify.status, 200, verify.text);
  });

  test(`a rememberMe:false session from ${maker} stays a one-day session on ${other(maker)}`, async () => {
    const email = `forget-${maker}@example.com`;
    const up = await ask(maker, "POST", "/sign-up/email", {
      body: { name: "Forget", email, password: "s3cret-passw0rd", rememberMe: false },
    });
    assert.equal(up.status, 200, up.text);
    const dontRemember = up.setCookie.find((c) => c.startsWith("better-auth.dont_remember="));
    assert.ok(dontRemember);
    const cookie = `${up.cookie}; ${dontRemember.split(";")[0]}`;
    const theirs = await ask(other(maker), "GET", "/get-session", { cookie });
    assert.equal(theirs.json.session.token, up.json.token);
    const lifetime = new Date(theirs.json.session.expiresAt) - new Date(theirs.json.session.createdAt);
    // One day, not the seven of a remembered session. Better Auth reads the clock separately
    // for expiresAt and createdAt, so on a busy machine its rows can be a few ms short of it.
    assert.ok(lifetime <= 24 * 3600 * 1000 && lifetime > 24 * 3600 * 1000 - 1000, `${lifetime} ms`);
    // update-user re-sets the cookie as a browser-session cookie on both servers.
    const update = await ask(other(maker), "POST", "/update-user", { body: { name: "F" }, cookie });
    const line = update.setCookie.find((c) => c.startsWith("better-auth.session_token="));
    assert.ok(line && !/Max-Age/i.test(line), line);
  });
}

test("sessions listed and revoked across the two servers", async () => {
  const email = "lists@example.com";
  const up = await ask("better-auth", "POST", "/sign-up/email", {
    body: { name: "Lists", email, password: "s3cret-passw0rd" },
  });
  const second = await ask("atrium", "POST", "/sign-in/email", { body: { email, password: "s3cret-passw0rd" } });
  const fromAtrium = await ask("atrium", "GET", "/list-sessions", { cookie: up.cookie });
  const fromBetterAuth = await ask("better-auth", "GET", "/list-sessions", { cookie: up.cookie });
  assert.equal(fromAtrium.status, 200, fromAtrium.text);
  const tokens = (list) => new Set(list.map((s) => s.token));
  assert.deepEqual(tokens(fromAtrium.json), new Set([up.json.token, second.json.token]));
  assert.deepEqual(tokens(fromAtrium.json), tokens(fromBetterAuth.json));
  const revoke = await ask("atrium", "POST", "/revoke-session", {
    body: { token: second.json.token },
    cookie: up.cookie,
  });
  assert.equal(revoke.status, 200);
  assert.equal((await ask("better-auth", "GET", "/get-session", { cookie: second.cookie })).json, null);
});
