// The official better-auth client (createAuthClient from better-auth/client) drives atrium's
// password reset, linked accounts and account deletion, with atrium's e-mails delivered by the
// file transport into a directory the test reads like an inbox.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { createAuthClient } from "better-auth/client";
import { ORIGIN, browserFetch, freshDatabase, startAtrium, upgrade } from "../auth_support/atrium.mjs";

let db;
let atrium;
let mailDir;

before(async () => {
  db = await freshDatabase();
  upgrade(db.url);
  mailDir = fs.mkdtempSync(path.join(os.tmpdir(), "atrium-interop-mail-"));
  atrium = await startAtrium(db.url, {
    ATRIUM_MAIL_TRANSPORT: "file",
    ATRIUM_MAIL_DIR: mailDir,
    ATRIUM_DELETE_USER: "on",
  });
});

after(async () => {
  await atrium?.stop();
  await db?.drop();
  if (mailDir) fs.rmSync(mailDir, { recursive: true, force: true });
});

function client(fetchImpl) {
  return createAuthClient({ baseURL: atrium.base, fetchOptions: { customFetchImpl: fetchImpl } });
}

function decodeQuotedPrintable(text) {
  const bytes = [];
  const soft = text.replace(/=\r?\n/g, "");
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i];
    if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

// The e-mails delivered so far (the file transport writes each atomically), oldest first.
function inbox() {
  return fs
    .readdirSync(mailDir)
    .filter((f) => f.endsWith(".eml"))
    .sort()
    .map((f) => fs.readFileSync(path.join(mailDir, f), "utf8"));
}

// Waits for the next e-mail to `to` (sending is asynchronous) and returns the first link in it.
async function nextLink(to, seen) {
  for (let i = 0; i < 200; i++) {
    const mails = inbox();
    for (const raw of mails.slice(seen)) {
      const text = decodeQuotedPrintable(raw);
      if (!new RegExp(`^To:.*${to.replace(".", "\\.")}`, "mi").test(text)) continue;
      const m = text.match(/https?:\/\/[^\s"<>]+/);
      if (m) return { link: m[0], seen: mails.length };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no e-mail to ${to} in ${mailDir}`);
}

test("request-password-reset, the mailed link and reset-password through the client", async () => {
  const browser = browserFetch();
  const auth = client(browser);
  const signUp = await auth.signUp.email({ email: "reset@example.com", password: "first password", name: "R" });
  assert.equal(signUp.error, null, JSON.stringify(signUp.error));

  const seen = inbox().length;
  const requested = await auth.requestPasswordReset({ email: "reset@example.com", redirectTo: "/reset" });
  assert.equal(requested.error, null, JSON.stringify(requested.error));
  assert.equal(requested.data.status, true);
  const unknown = await auth.requestPasswordReset({ email: "nobody@example.com", redirectTo: "/reset" });
  assert.deepEqual(unknown.data, requested.data);

  const { link } = await nextLink("reset@example.com", seen);
  assert.match(link, /^http:\/\/localhost:3000\/api\/auth\/reset-password\/[A-Za-z0-9]{24}\?callbackURL=%2Freset$/);
  // The link is atrium's; the test's atrium listens elsewhere than BETTER_AUTH_URL says.
  const onServer = atrium.base + link.slice(ORIGIN.length);
  const redirected = await fetch(onServer, { redirect: "manual" });
  assert.equal(redirected.status, 302);
  const location = new URL(redirected.headers.get("location"));
  assert.equal(location.origin + location.pathname, `${ORIGIN}/reset`);
  const token = location.searchParams.get("token");
  assert.match(token, /^[A-Za-z0-9]{24}$/);

  const reset = await auth.resetPassword({ newPassword: "second password", token });
  assert.equal(reset.error, null, JSON.stringify(reset.error));
  assert.equal(reset.data.status, true);
  const reused = await auth.resetPassword({ newPassword: "third password", token });
  assert.equal(reused.error.status, 400);
  assert.equal(reused.error.code, "INVALID_TOKEN");

  const other = client(browserFetch());
  const old = await other.signIn.email({ email: "reset@example.com", password: "first password" });
  assert.equal(old.error.status, 401);
  const fresh = await other.signIn.email({ email: "reset@example.com", password: "second password" });
  assert.equal(fresh.error, null, JSON.stringify(fresh.error));
});

test("listAccounts and deleteUser through the client", async () => {
  const browser = browserFetch();
  const auth = client(browser);
  const signUp = await auth.signUp.email({ email: "leaving@example.com", password: "leaving password", name: "L" });
  assert.equal(signUp.error, null, JSON.stringify(signUp.error));
  const id = signUp.data.user.id;

  const accounts = await auth.listAccounts();
  assert.equal(accounts.error, null, JSON.stringify(accounts.error));
  assert.equal(accounts.data.length, 1);
  assert.equal(accounts.data[0].providerId, "credential");
  assert.equal(accounts.data[0].accountId, id);
  assert.equal(accounts.data[0].userId, id);
  assert.deepEqual(accounts.data[0].scopes, []);
  assert.equal("password" in accounts.data[0], false);

  const lastOne = await auth.unlinkAccount({ providerId: "credential", accountId: accounts.data[0].id });
  assert.equal(lastOne.error?.code, "FAILED_TO_UNLINK_LAST_ACCOUNT");

  const wrong = await auth.deleteUser({ password: "not the password" });
  assert.equal(wrong.error.status, 400);
  assert.equal(wrong.error.code, "INVALID_PASSWORD");

  const deleted = await auth.deleteUser({ password: "leaving password" });
  assert.equal(deleted.error, null, JSON.stringify(deleted.error));
  assert.deepEqual(deleted.data, { success: true, message: "User deleted" });
  assert.equal(browser.jar.has("better-auth.session_token"), false);
  const session = await auth.getSession();
  assert.equal(session.data, null);
  const again = await client(browserFetch()).signIn.email({ email: "leaving@example.com", password: "leaving password" });
  assert.equal(again.error.status, 401);
});
