// E-mail verification across implementations: the official better-auth client asks atrium
// (ATRIUM_MAIL_TRANSPORT=file) for a verification e-mail and follows the link it finds in the
// .eml; a link Better Auth 1.7.25 minted (same secret, same database) verifies on atrium; and
// a link atrium minted verifies on Better Auth.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { betterAuth } from "better-auth";
import { createAuthClient } from "better-auth/client";
import {
  ORIGIN,
  SECRET,
  betterAuthDatabase,
  browserFetch,
  freshDatabase,
  startAtrium,
  upgrade,
} from "../auth_support/atrium.mjs";

let db;
let atrium;
let mailDir;
let betterAuthServer;
let closeBetterAuthDatabase;
const betterAuthMails = [];

before(async () => {
  db = await freshDatabase();
  upgrade(db.url);
  mailDir = fs.mkdtempSync(path.join(os.tmpdir(), "atrium-verify-mail-"));
  atrium = await startAtrium(db.url, {
    ATRIUM_METRICS: "off",
    ATRIUM_MAIL_TRANSPORT: "file",
    ATRIUM_MAIL_DIR: mailDir,
  });
  const { database, close } = betterAuthDatabase(db);
  closeBetterAuthDatabase = close;
  betterAuthServer = betterAuth({
    database,
    secret: SECRET,
    baseURL: ORIGIN,
    emailAndPassword: { enabled: true },
    emailVerification: {
      sendOnSignUp: true,
      sendVerificationEmail: async ({ user, url, token }) => {
        betterAuthMails.push({ to: user.email, url, token });
      },
    },
    logger: { disabled: true },
    telemetry: { enabled: false },
  });
});

after(async () => {
  await atrium?.stop();
  await closeBetterAuthDatabase?.();
  await db?.drop();
  if (mailDir) fs.rmSync(mailDir, { recursive: true, force: true });
});

function decodeQuotedPrintable(text) {
  return text
    .replace(/=\r\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

// The newest .eml addressed to `to` that is not in `seen`, waiting for the outbox to write it.
async function nextMail(to, seen) {
  for (let i = 0; i < 200; i++) {
    const files = fs
      .readdirSync(mailDir)
      .filter((f) => f.endsWith(".eml") && !seen.has(f))
      .sort();
    for (const f of files) {
      const text = decodeQuotedPrintable(fs.readFileSync(path.join(mailDir, f), "utf8"));
      if (!new RegExp(`^To: .*${to.replace(/[.]/g, "\\.")}`, "m").test(text)) continue;
      seen.add(f);
      const link = text.match(/https?:\/\/[^\s"<>]+\/verify-email\?token=[A-Za-z0-9_.-]+&callbackURL=[^\s"<>&]*/);
      assert.ok(link, `no verification link in ${f}`);
      return new URL(link[0]);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no e-mail to ${to} arrived in ${mailDir}`);
}

const seen = new Set();

test("the official client sends and follows a verification e-mail through atrium", async () => {
  const browser = browserFetch();
  const auth = createAuthClient({ baseURL: atrium.base, fetchOptions: { customFetchImpl: browser } });
  const signUp = await auth.signUp.email({ email: "Vera@Example.com", password: "password123", name: "Vera" });
  assert.equal(signUp.error, null, JSON.stringify(signUp.error));
  assert.equal(signUp.data.user.emailVerified, false);

  const sent = await auth.sendVerificationEmail({ email: "vera@example.com", callbackURL: "/verified" });
  assert.equal(sent.error, null, JSON.stringify(sent.error));
  assert.equal(sent.data.status, true);
  const link = await nextMail("vera@example.com", seen);
  assert.equal(link.origin + link.pathname, `${ORIGIN}/api/auth/verify-email`);
  assert.equal(link.searchParams.get("callbackURL"), "/verified");

  const verified = await auth.verifyEmail({ query: { token: link.searchParams.get("token") } });
  assert.equal(verified.error, null, JSON.stringify(verified.error));
  assert.equal(verified.data.status, true);
  const session = await auth.getSession();
  assert.equal(session.data.user.emailVerified, true);

  const again = await auth.sendVerificationEmail({ email: "vera@example.com" });
  assert.equal(again.error.status, 400);
  assert.equal(again.error.code, "EMAIL_ALREADY_VERIFIED");
});

test("a forged link is refused through the client", async () => {
  const auth = createAuthClient({ baseURL: atrium.base, fetchOptions: { customFetchImpl: browserFetch() } });
  const bad = await auth.verifyEmail({ query: { token: "eyJhbGciOiJIUzI1NiJ9.e30.AAAA" } });
  assert.equal(bad.error.status, 401);
  assert.equal(bad.error.code, "INVALID_TOKEN");
});

test("a link Better Auth e-mailed verifies on atrium", async () => {
  const res = await betterAuthServer.handler(
    new Request(`${ORIGIN}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ name: "Bea", email: "bea@example.com", password: "password123", callbackURL: "/welcome" }),
    }),
  );
  assert.equal(res.status, 200, await res.clone().text());
  for (let i = 0; i < 100 && betterAuthMails.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  const mail = betterAuthMails.find((m) => m.to === "bea@example.com");
  assert.ok(mail, "Better Auth sent no verification e-mail");
  const url = new URL(mail.url);
  const answer = await fetch(`${atrium.base}${url.pathname}${url.search}`, { redirect: "manual" });
  assert.equal(answer.status, 302, await answer.text());
  assert.equal(answer.headers.get("location"), "/welcome");

  const signIn = await fetch(`${atrium.base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify({ email: "bea@example.com", password: "password123" }),
  });
  assert.equal(signIn.status, 200);
  assert.equal((await signIn.json()).user.emailVerified, true);
});

test("a link atrium e-mailed verifies on Better Auth", async () => {
  const signUp = await fetch(`${atrium.base}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify({ name: "Cy", email: "cy@example.com", password: "password123" }),
  });
  assert.equal(signUp.status, 200);
  const sent = await fetch(`${atrium.base}/api/auth/send-verification-email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify({ email: "cy@example.com" }),
  });
  assert.equal(sent.status, 200);
  const link = await nextMail("cy@example.com", seen);
  const res = await betterAuthServer.handler(
    new Request(`${ORIGIN}/api/auth/verify-email?token=${link.searchParams.get("token")}`, { method: "GET" }),
  );
  assert.equal(res.status, 200, await res.clone().text());
  assert.deepEqual(await res.json(), { status: true, user: null });
  const session = await fetch(`${atrium.base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify({ email: "cy@example.com", password: "password123" }),
  });
  assert.equal((await session.json()).user.emailVerified, true);
});
