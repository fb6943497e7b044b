// Scale-out: two atrium processes behind (in effect) a load balancer on one PostgreSQL
// database. A session made through one is valid on the other, a revoke on one is seen by the
// other at once, and with ATRIUM_RATE_LIMIT_STORAGE=database the two enforce one shared limit.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ORIGIN, freshDatabase, startAtrium, upgrade } from "../auth_support/atrium.mjs";

let db;
let a;
let b;

before(async () => {
  db = await freshDatabase("postgres");
  upgrade(db.url);
  // The test plays the load balancer: it is the trusted proxy, and X-Forwarded-For names the
  // client, so each test below is its own client with its own buckets.
  const env = {
    ATRIUM_RATE_LIMIT: "on",
    ATRIUM_RATE_LIMIT_STORAGE: "database",
    ATRIUM_TRUSTED_PROXIES: "127.0.0.1",
  };
  [a, b] = await Promise.all([startAtrium(db.url, env), startAtrium(db.url, env)]);
});

after(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.drop();
});

async function call(node, method, path, { body, cookie, forwardedFor } = {}) {
  const headers = { origin: ORIGIN };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (cookie) headers.cookie = cookie;
  if (forwardedFor) headers["x-forwarded-for"] = forwardedFor;
  const res = await fetch(`${node.base}/api/auth${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const line = res.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="));
  return { status: res.status, text, json: text ? JSON.parse(text) : undefined, cookie: line?.split(";")[0], res };
}

test("a session made through one process is valid on the other, and a revoke is seen at once", async () => {
  const up = await call(a, "POST", "/sign-up/email", {
    body: { name: "Scaled", email: "scaled@example.com", password: "s3cret-passw0rd" },
  });
  assert.equal(up.status, 200, up.text);
  const onB = await call(b, "GET", "/get-session", { cookie: up.cookie });
  assert.equal(onB.json.user.email, "scaled@example.com");
  assert.equal(onB.json.session.token, up.json.token);

  const second = await call(b, "POST", "/sign-in/email", {
    body: { email: "scaled@example.com", password: "s3cret-passw0rd" },
  });
  assert.equal(second.status, 200, second.text);
  assert.notEqual((await call(a, "GET", "/get-session", { cookie: second.cookie })).json, null);

  // Revoke through A; B refuses the very next request.
  const revoke = await call(a, "POST", "/revoke-session", { body: { token: second.json.token }, cookie: up.cookie });
  assert.equal(revoke.status, 200);
  assert.equal((await call(b, "GET", "/get-session", { cookie: second.cookie })).json, null);

  // Sign out through B; A refuses at once.
  assert.equal((await call(b, "POST", "/sign-out", { cookie: up.cookie })).status, 200);
  assert.equal((await call(a, "GET", "/get-session", { cookie: up.cookie })).json, null);
});

test("with database rate-limit storage the two processes enforce one limit", async () => {
  // sign-in allows 3 requests per 10 s per client; spread them over both processes.
  const body = { email: "nobody@example.com", password: "whatever-password" };
  const forwardedFor = "198.51.100.20";
  const statuses = [];
  for (const node of [a, b, a]) {
    statuses.push((await call(node, "POST", "/sign-in/email", { body, forwardedFor })).status);
  }
  assert.deepEqual(statuses, [401, 401, 401]);
  const fourthOnB = await call(b, "POST", "/sign-in/email", { body, forwardedFor });
  assert.equal(fourthOnB.status, 429);
  assert.equal(fourthOnB.text, '{"message":"Too many requests. Please try again later."}');
  const retry = Number(fourthOnB.res.headers.get("x-retry-after"));
  assert.ok(retry >= 1 && retry <= 10, `x-retry-after ${retry}`);
  const fifthOnA = await call(a, "POST", "/sign-in/email", { body, forwardedFor });
  assert.equal(fifthOnA.status, 429);
  // Other endpoints and other clients have their own counters.
  assert.equal((await call(a, "GET", "/ok", { forwardedFor })).status, 200);
  assert.equal(
    (await call(b, "POST", "/sign-in/email", { body, forwardedFor: "198.51.100.21" })).status,
    401,
  );
});

test("concurrent requests on both processes cannot both take the last slot", async () => {
  // sign-up allows 3 per 10 s; ten concurrent attempts across both processes: exactly three
  // get through the limiter (and then fail validation), the rest are refused.
  const attempts = [];
  for (let i = 0; i < 10; i++) {
    attempts.push(
      call(i % 2 ? a : b, "POST", "/sign-up/email", { body: {}, forwardedFor: "198.51.100.30" }),
    );
  }
  const statuses = (await Promise.all(attempts)).map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 400).length, 3, statuses.join(","));
  assert.equal(statuses.filter((s) => s === 429).length, 7, statuses.join(","));
});
