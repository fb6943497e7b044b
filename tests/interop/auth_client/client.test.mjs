// The official better-auth client (createAuthClient from better-auth/client) drives atrium:
// sign up, sign in, get the session, update the user, change the password, list and revoke
// sessions, sign out — once as a browser with cookies, once with bearer tokens.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createAuthClient } from "better-auth/client";
import { ORIGIN, browserFetch, freshDatabase, startAtrium, upgrade } from "../auth_support/atrium.mjs";

let db;
let atrium;

before(async () => {
  db = await freshDatabase();
  upgrade(db.url);
  atrium = await startAtrium(db.url);
});

after(async () => {
  await atrium?.stop();
  await db?.drop();
});

function client(fetchImpl) {
  return createAuthClient({ baseURL: atrium.base, fetchOptions: { customFetchImpl: fetchImpl } });
}

test("a browser session through the official client", async () => {
  const browser = browserFetch();
  const auth = client(browser);

  const signUp = await auth.signUp.email({
    email: "Ada@Example.com",
    password: "correct horse battery",
    name: "Ada Lovelace",
  });
  assert.equal(signUp.error, null, JSON.stringify(signUp.error));
  assert.equal(signUp.data.user.email, "ada@example.com");
  assert.equal(signUp.data.user.name, "Ada Lovelace");
  assert.equal(signUp.data.user.emailVerified, false);
  assert.match(signUp.data.token, /^[a-zA-Z0-9]{32}$/);
  assert.ok(browser.jar.has("better-auth.session_token"));

  const session = await auth.getSession();
  assert.equal(session.error, null);
  assert.equal(session.data.user.id, signUp.data.user.id);
  assert.equal(session.data.session.token, signUp.data.token);
  assert.ok(session.data.session.expiresAt instanceof Date || typeof session.data.session.expiresAt === "string");

  const updated = await auth.updateUser({ name: "Countess of Lovelace", image: "https://img.example/ada.png" });
  assert.equal(updated.error, null, JSON.stringify(updated.error));
  assert.equal(updated.data.status, true);
  const after = await auth.getSession();
  assert.equal(after.data.user.name, "Countess of Lovelace");
  assert.equal(after.data.user.image, "https://img.example/ada.png");

  const wrong = await auth.changePassword({ currentPassword: "nope-nope-nope", newPassword: "analytical engine" });
  assert.equal(wrong.error.status, 400);
  assert.equal(wrong.error.code, "INVALID_PASSWORD");

  const changed = await auth.changePassword({
    currentPassword: "correct horse battery",
    newPassword: "analytical engine",
  });
  assert.equal(changed.error, null, JSON.stringify(changed.error));
  assert.equal(changed.data.token, null);
  assert.equal(changed.data.user.email, "ada@example.com");

  // A second browser signs in with the new password; the old one is refused.
  const other = client(browserFetch());
  const refused = await other.signIn.email({ email: "ada@example.com", password: "correct horse battery" });
  assert.equal(refused.error.status, 401);
  assert.equal(refused.error.code, "INVALID_EMAIL_OR_PASSWORD");
  const signIn = await other.signIn.email({ email: "ADA@example.com", password: "analytical engine" });
  assert.equal(signIn.error, null, JSON.stringify(signIn.error));
  assert.equal(signIn.data.redirect, false);
  assert.equal(signIn.data.user.id, signUp.data.user.id);

  const listed = await auth.listSessions();
  assert.equal(listed.error, null, JSON.stringify(listed.error));
  assert.deepEqual(new Set(listed.data.map((s) => s.token)), new Set([signUp.data.token, signIn.data.token]));

  const revoked = await auth.revokeSession({ token: signIn.data.token });
  assert.equal(revoked.error, null);
  assert.equal(revoked.data.status, true);
  const otherSession = await other.getSession();
  assert.equal(otherSession.data, null);

  const third = client(browserFetch());
  await third.signIn.email({ email: "ada@example.com", password: "analytical engine" });
  const revokedOthers = await auth.revokeOtherSessions();
  assert.equal(revokedOthers.data.status, true);
  assert.equal((await third.getSession()).data, null);
  assert.equal((await auth.listSessions()).data.length, 1);

  const out = await auth.signOut();
  assert.equal(out.error, null);
  assert.equal(out.data.success, true);
  assert.equal(browser.jar.has("better-auth.session_token"), false);
  assert.equal((await auth.getSession()).data, null);
});

test("bearer tokens through the official client", async () => {
  let token = "";
  const auth = createAuthClient({
    baseURL: atrium.base,
    fetchOptions: {
      // Node's fetch sends Sec-Fetch-Mode, so the credential forms want an Origin, as from a
      // browser; no cookies are involved.
      headers: { origin: ORIGIN },
      auth: { type: "Bearer", token: () => token },
      onSuccess(ctx) {
        const t = ctx.response.headers.get("set-auth-token");
        if (t) token = t;
      },
    },
  });
  const up = await auth.signUp.email({ email: "grace@example.com", password: "cobol-compiler", name: "Grace" });
  assert.equal(up.error, null, JSON.stringify(up.error));
  assert.match(token, /^[a-zA-Z0-9]{32}\.[A-Za-z0-9+/]{43}=$/);
  const session = await auth.getSession();
  assert.equal(session.data.user.email, "grace@example.com");
  const updated = await auth.updateUser({ name: "Grace Hopper" });
  assert.equal(updated.data.status, true);
  assert.equal((await auth.getSession()).data.user.name, "Grace Hopper");
  const changed = await auth.changePassword({
    currentPassword: "cobol-compiler",
    newPassword: "nanosecond-wire",
    revokeOtherSessions: true,
  });
  assert.equal(changed.error, null, JSON.stringify(changed.error));
  assert.match(changed.data.token, /^[a-zA-Z0-9]{32}$/);
  assert.ok(token.startsWith(changed.data.token + "."), "the new session's token was handed over");
  assert.equal((await auth.getSession()).data.session.token, changed.data.token);
  const all = await auth.revokeSessions();
  assert.equal(all.data.status, true);
  assert.equal((await auth.getSession()).data, null);
});

test("errors come back in Better Auth's shape", async () => {
  const auth = client(browserFetch());
  const dup1 = await auth.signUp.email({ email: "dup@example.com", password: "password123", name: "D" });
  assert.equal(dup1.error, null);
  const dup2 = await auth.signUp.email({ email: "DUP@example.com", password: "password123", name: "D" });
  assert.equal(dup2.error.status, 422);
  assert.equal(dup2.error.code, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL");
  assert.equal(dup2.error.message, "User already exists. Use another email.");
  const short = await client(browserFetch()).signUp.email({ email: "s@example.com", password: "short", name: "S" });
  assert.equal(short.error.status, 400);
  assert.equal(short.error.code, "PASSWORD_TOO_SHORT");
});
