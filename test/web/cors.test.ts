/**
 * CORS: off until CORS_ORIGINS is set; allowed origins get the headers and their preflights
 * answered, other origins get no CORS header; `*` with credentials is refused.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Fluid } from "../../src/index.ts";
import { createTestApp, testConfig } from "../../src/testing/index.ts";
import { emptyProject, example } from "../support/examples.ts";
import { assertBadConfig } from "./support.ts";

const project = emptyProject();
const ALLOWED = "https://app.example.com";
const OTHER = "https://evil.example.net";

function appWith(values: Record<string, unknown>): Fluid {
  const app = new Fluid(project.path("fluid"), { config: testConfig(values, { root: project.root }) });
  app.get("/items")(() => [1, 2]);
  app.post("/items")(() => ({ created: true }));
  app.get("/limited", { rateLimit: "1/minute" }, () => "ok");
  return app;
}

const preflight = (origin: string, method = "POST", headers = "content-type, x-token") => ({
  method: "OPTIONS" as const,
  url: "/items",
  headers: { origin, "access-control-request-method": method, "access-control-request-headers": headers },
});

function corsHeaders(headers: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith("access-control-")));
}

describe("CORS", () => {
  test("off by default: no CORS header, preflights are not answered", async () => {
    const app = appWith({});
    const res = await app.inject({ url: "/items", headers: { origin: ALLOWED } });
    assert.deepEqual(corsHeaders(res.headers), {});
    const pre = await app.inject(preflight(ALLOWED));
    assert.equal(pre.statusCode, 404);
    assert.deepEqual(corsHeaders(pre.headers), {});
  });

  test("an allowed origin: the origin echoed, Vary: Origin, preflight answered with the defaults", async () => {
    const app = appWith({ CORS_ORIGINS: [ALLOWED, "http://localhost:3000"] });
    const res = await app.inject({ url: "/items", headers: { origin: ALLOWED } });
    assert.deepEqual(res.json(), [1, 2]);
    assert.deepEqual(corsHeaders(res.headers), { "access-control-allow-origin": ALLOWED });
    assert.match(String(res.headers.vary), /Origin/);
    const local = await app.inject({ url: "/items", headers: { origin: "http://localhost:3000" } });
    assert.equal(local.headers["access-control-allow-origin"], "http://localhost:3000");

    const pre = await app.inject(preflight(ALLOWED));
    assert.equal(pre.statusCode, 204);
    assert.equal(pre.body, "");
    assert.deepEqual(corsHeaders(pre.headers), {
      "access-control-allow-origin": ALLOWED,
      "access-control-allow-methods": "GET, HEAD, POST, PUT, PATCH, DELETE",
      "access-control-allow-headers": "content-type, x-token",
    });
    assert.equal(pre.headers["x-content-type-options"], "nosniff", "preflights carry the security headers");
  });

  test("another origin, or none, gets no CORS header at all, and its preflight a 404", async () => {
    const app = appWith({ CORS_ORIGINS: [ALLOWED], CORS_SUPPORTS_CREDENTIALS: true, CORS_MAX_AGE: 600 });
    const other = await app.inject({ url: "/items", headers: { origin: OTHER } });
    assert.equal(other.statusCode, 200, "the server still answers; the browser hides it from the page");
    assert.deepEqual(corsHeaders(other.headers), {});
    const prefixTrick = await app.inject({ url: "/items", headers: { origin: `${ALLOWED}.evil.example.net` } });
    assert.deepEqual(corsHeaders(prefixTrick.headers), {});
    const noOrigin = await app.inject("/items");
    assert.deepEqual(corsHeaders(noOrigin.headers), {});
    const pre = await app.inject(preflight(OTHER));
    assert.equal(pre.statusCode, 404);
    assert.deepEqual(pre.json(), { detail: "Not Found" });
    assert.deepEqual(corsHeaders(pre.headers), {});
  });

  test("credentials, methods, allowed and exposed headers, max-age from config", async () => {
    const app = appWith({
      CORS_ORIGINS: ALLOWED,
      CORS_SUPPORTS_CREDENTIALS: true,
      CORS_METHODS: ["get", "post"],
      CORS_ALLOW_HEADERS: ["Content-Type", "X-Token"],
      CORS_EXPOSE_HEADERS: ["X-Total-Count"],
      CORS_MAX_AGE: 600,
    });
    const res = await app.inject({ url: "/items", headers: { origin: ALLOWED } });
    assert.deepEqual(corsHeaders(res.headers), {
      "access-control-allow-origin": ALLOWED,
      "access-control-allow-credentials": "true",
      "access-control-expose-headers": "X-Total-Count",
    });
    const pre = await app.inject(preflight(ALLOWED));
    assert.equal(pre.statusCode, 204);
    assert.deepEqual(corsHeaders(pre.headers), {
      "access-control-allow-origin": ALLOWED,
      "access-control-allow-credentials": "true",
      "access-control-expose-headers": "X-Total-Count",
      "access-control-allow-methods": "GET, POST",
      "access-control-allow-headers": "Content-Type, X-Token",
      "access-control-max-age": "600",
    });
  });

  test("* allows any origin, without credentials", async () => {
    const app = appWith({ CORS_ORIGINS: ["*"] });
    const res = await app.inject({ url: "/items", headers: { origin: OTHER } });
    assert.equal(res.headers["access-control-allow-origin"], "*");
    assert.equal(res.headers["access-control-allow-credentials"], undefined);
    assert.equal((await app.inject(preflight(OTHER))).statusCode, 204);
  });

  test("a 429 to an allowed origin carries the CORS headers, so its page can read it", async () => {
    const app = appWith({ CORS_ORIGINS: [ALLOWED] });
    const request = { url: "/limited", headers: { origin: ALLOWED } };
    assert.equal((await app.inject(request)).statusCode, 200);
    const limited = await app.inject(request);
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.headers["access-control-allow-origin"], ALLOWED);
  });

  test("bad config stops the app with one line naming the key", () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ CORS_ORIGINS: ["*"], CORS_SUPPORTS_CREDENTIALS: true }, /^CORS_ORIGINS \(override\) is "\*" while CORS_SUPPORTS_CREDENTIALS is on: .*list the origins that may/],
      [{ CORS_ORIGINS: ["https://app.example.com/"] }, /^CORS_ORIGINS \(override\) "https:\/\/app.example.com\/" is not an origin as browsers send it; write "https:\/\/app.example.com"/],
      [{ CORS_ORIGINS: ["app.example.com"] }, /^CORS_ORIGINS \(override\) "app.example.com" is not an origin as browsers send it \(scheme:\/\/host\[:port\]/],
      [{ CORS_ORIGINS: [ALLOWED], CORS_MAX_AGE: -5 }, /^CORS_MAX_AGE \(override\) must be a whole number of seconds/],
      [{ CORS_ORIGINS: [ALLOWED], CORS_ALLOW_HEADERS: ["X-Token: 1"] }, /^CORS_ALLOW_HEADERS \(override\) "X-Token: 1" is not a method or header name/],
    ];
    assertBadConfig(appWith, cases);
  });

  test("from the ini file: a comma-separated list", async () => {
    const tutorial = example("tutorial");
    tutorial.write("app_configs/app.ini", `${tutorial.read("app_configs/app.ini")}\nCORS_ORIGINS = ${ALLOWED}, http://localhost:5173\nCORS_MAX_AGE = 60\n`);
    const app = await createTestApp("app", { root: tutorial.root, overrides: { DATABASE_URI: "sqlite:///:memory:", EXT_SCHEDULER: false } });
    try {
      assert.equal(app.config.get("CORS_MAX_AGE"), 60);
      const res = await app.inject({ url: "/health", headers: { origin: "http://localhost:5173" } });
      assert.equal(res.headers["access-control-allow-origin"], "http://localhost:5173");
      const pre = await app.inject({ method: "OPTIONS", url: "/my-model", headers: { origin: ALLOWED, "access-control-request-method": "POST" } });
      assert.equal(pre.statusCode, 204);
      assert.equal(pre.headers["access-control-max-age"], "60");
    } finally {
      await app.shutdown();
    }
  });
});
