/** `request.session` in the signed cookie (the default store): the round trip, its cookie, when it is saved, tampering, expiry, rotation, config mistakes. */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { Fluid, RedirectResponse, type Request } from "../../src/index.ts";
import { testConfig } from "../../src/testing/index.ts";
import { TempProject } from "../support/project.ts";
import { cookieHeader, setCookies } from "./support.ts";

const project = TempProject.empty();
after(() => project.remove());

function newApp(values: Record<string, unknown> = {}): Fluid {
  const app = new Fluid(project.path("fluid"), {
    config: testConfig({ LOG_LEVEL: "silent", SECRET_KEY: "a-test-secret", WTF_CSRF_ENABLED: false, ...values }, { root: project.root }),
  });
  app.get("/count", (req: Request) => {
    const visits = Number(req.session.get("visits") ?? 0) + 1;
    req.session.set("visits", visits);
    return { visits, isNew: req.session.isNew };
  });
  app.get("/peek", (req: Request) => ({ data: req.session.toJSON(), keys: [...req.session.keys()], size: req.session.size }));
  app.get("/permanent", (req: Request) => {
    req.session.permanent = true;
    req.session.set("kept", true);
    return null;
  });
  app.get("/logout", (req: Request) => {
    req.session.clear();
    return new RedirectResponse("/");
  });
  return app;
}

describe("sessions in the signed cookie", () => {
  test("a counter across requests; the cookie has the configured name and attributes", async () => {
    const app = newApp();
    const first = await app.inject("/count");
    assert.deepEqual(first.json(), { visits: 1, isNew: true });
    const [line] = setCookies(first);
    assert.match(line!, /^session=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/, "no Max-Age: a browser-session cookie; not Secure by default");
    assert.equal(first.headers.vary, "Cookie");
    const second = await app.inject({ url: "/count", headers: { cookie: cookieHeader(first) } });
    assert.deepEqual(second.json(), { visits: 2, isNew: false });
    const peek = await app.inject({ url: "/peek", headers: { cookie: cookieHeader(second) } });
    assert.deepEqual(peek.json(), { data: { visits: 2 }, keys: ["visits"], size: 1 });
    assert.deepEqual(setCookies(peek), [], "not modified: not sent again");

    const custom = newApp({
      SESSION_COOKIE_NAME: "sid",
      SESSION_COOKIE_SECURE: true,
      SESSION_COOKIE_HTTPONLY: false,
      SESSION_COOKIE_SAMESITE: "Strict",
      SESSION_COOKIE_DOMAIN: "example.com",
      SESSION_COOKIE_PATH: "/app",
    });
    assert.match(setCookies(await custom.inject("/count"))[0]!, /^sid=[^;]+; Domain=example\.com; Path=\/app; Secure; SameSite=Strict$/);
  });

  test("the cookie is signed, not encrypted: its data is readable, and a changed cookie gives an empty session", async () => {
    const app = newApp();
    const first = await app.inject("/count");
    const value = decodeURIComponent(cookieHeader(first).slice("session=".length));
    const payload = value.slice(0, value.lastIndexOf("."));
    const decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { data: unknown };
    assert.deepEqual(decoded.data, { visits: 1 });
    const forged = Buffer.from(JSON.stringify({ ...decoded, data: { visits: 1000 } })).toString("base64url") + value.slice(value.lastIndexOf("."));
    for (const cookie of [`session=${encodeURIComponent(forged)}`, "session=garbage", "session=a.b.c", "session="]) {
      const res = await app.inject({ url: "/count", headers: { cookie } });
      assert.equal(res.statusCode, 200, cookie);
      assert.deepEqual(res.json(), { visits: 1, isNew: true }, cookie);
    }
    const otherKey = newApp({ SECRET_KEY: "another-secret" });
    assert.deepEqual((await otherKey.inject({ url: "/count", headers: { cookie: cookieHeader(first) } })).json(), { visits: 1, isNew: true });
  });

  test("a permanent session: Max-Age = PERMANENT_SESSION_LIFETIME, sent on every request unless SESSION_REFRESH_EACH_REQUEST is off", async () => {
    const app = newApp({ PERMANENT_SESSION_LIFETIME: 600 });
    const made = await app.inject("/permanent");
    assert.match(setCookies(made)[0]!, /; Max-Age=600; Path=\/; HttpOnly; SameSite=Lax$/);
    const again = await app.inject({ url: "/peek", headers: { cookie: cookieHeader(made) } });
    assert.deepEqual(again.json().data, { kept: true });
    assert.match(setCookies(again)[0]!, /^session=.*Max-Age=600/, "refreshed");

    const noRefresh = newApp({ SESSION_REFRESH_EACH_REQUEST: false });
    const made2 = await noRefresh.inject("/permanent");
    assert.deepEqual(setCookies(await noRefresh.inject({ url: "/peek", headers: { cookie: cookieHeader(made2) } })), []);
  });

  test("a session older than PERMANENT_SESSION_LIFETIME is empty", async (t) => {
    const app = newApp({ PERMANENT_SESSION_LIFETIME: 60 });
    const first = await app.inject("/count");
    const now = Date.now();
    t.mock.method(Date, "now", () => now + 59_000);
    assert.deepEqual((await app.inject({ url: "/count", headers: { cookie: cookieHeader(first) } })).json(), { visits: 2, isNew: false });
    t.mock.method(Date, "now", () => now + 61_000);
    assert.deepEqual((await app.inject({ url: "/count", headers: { cookie: cookieHeader(first) } })).json(), { visits: 1, isNew: true });
  });

  test("clear() deletes the cookie; an untouched empty session sets none", async () => {
    const app = newApp();
    const first = await app.inject("/count");
    const out = await app.inject({ url: "/logout", headers: { cookie: cookieHeader(first) } });
    assert.match(setCookies(out)[0]!, /^session=; Max-Age=0; Path=\/;/);
    assert.deepEqual(setCookies(await app.inject("/peek")), []);
  });

  test("rotation: a cookie signed with a key now in SECRET_KEY_FALLBACKS is read, and sent back signed with the new key", async () => {
    const old = newApp({ SECRET_KEY: "old" });
    const first = await old.inject("/count");
    const rotated = newApp({ SECRET_KEY: "new", SECRET_KEY_FALLBACKS: ["old"] });
    const read = await rotated.inject({ url: "/peek", headers: { cookie: cookieHeader(first) } });
    assert.deepEqual(read.json().data, { visits: 1 });
    const renewed = cookieHeader(read);
    assert.notEqual(renewed, cookieHeader(first));
    const newOnly = newApp({ SECRET_KEY: "new" });
    assert.deepEqual((await newOnly.inject({ url: "/peek", headers: { cookie: renewed } })).json().data, { visits: 1 });
  });

  test("without SECRET_KEY a handler using the session fails with WF_ERR_WEB_NO_SECRET_KEY; bad settings stop the app at start", async () => {
    const app = newApp({ SECRET_KEY: undefined });
    const errors: unknown[] = [];
    app.fastify.addHook("onError", async (_req, _reply, error) => void errors.push(error));
    assert.equal((await app.inject("/count")).statusCode, 500);
    assert.equal((errors[0] as { code?: string }).code, "WF_ERR_WEB_NO_SECRET_KEY");
    assert.match((errors[0] as Error).message, /^request\.session needs SECRET_KEY/);

    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ SECRET_KEY: undefined, SESSION_STORE: "redis://127.0.0.1:6379" }, /SESSION_STORE = redis:\/\/127\.0\.0\.1:6379 needs SECRET_KEY.*\[?/],
      [{ SESSION_STORE: "memcached://x" }, /SESSION_STORE "memcached:\/\/x" .* is not a session store: use cookie, redis:\/\/host:port\/db/],
      [{ SESSION_COOKIE_SAMESITE: "None" }, /SESSION_COOKIE_SAMESITE = None needs SESSION_COOKIE_SECURE = 1/],
      [{ SESSION_COOKIE_SAMESITE: "sometimes" }, /SESSION_COOKIE_SAMESITE .* must be Lax, Strict or None/],
      [{ PERMANENT_SESSION_LIFETIME: 0 }, /PERMANENT_SESSION_LIFETIME .* must be a whole number of seconds above 0/],
    ];
    for (const [values, message] of cases) {
      await assert.rejects(newApp(values).startup(), message, JSON.stringify(values));
    }
  });
});
