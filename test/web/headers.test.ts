/**
 * Security headers: on every kind of response by default (the tutorial's JSON, template page,
 * static file, 404 and errors), each changed or switched off by its config key, and per route
 * with the `securityHeaders` option.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Fluid, HTMLResponse, type RouteOptions } from "../../src/index.ts";
import { createTestApp, testConfig } from "../../src/testing/index.ts";
import { example, emptyProject } from "../support/examples.ts";
import { assertBadConfig } from "./support.ts";

const DEFAULT_CSP =
  "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';" +
  "img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';" +
  "upgrade-insecure-requests";

/** The headers every response carries by default, value by value (docs/security.md lists them). */
const DEFAULT_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": DEFAULT_CSP,
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "origin-agent-cluster": "?1",
  "referrer-policy": "no-referrer",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-dns-prefetch-control": "off",
  "x-download-options": "noopen",
  "x-frame-options": "SAMEORIGIN",
  "x-permitted-cross-domain-policies": "none",
  "x-xss-protection": "0",
};

type Headers = Readonly<Record<string, string | string[] | number | undefined>>;

function assertDefaults(headers: Headers, what: string): void {
  for (const [name, value] of Object.entries(DEFAULT_HEADERS)) assert.equal(headers[name], value, `${what}: ${name}`);
}

function assertNone(headers: Headers, what: string): void {
  for (const name of Object.keys(DEFAULT_HEADERS)) assert.equal(headers[name], undefined, `${what}: ${name}`);
}

const tutorial = example("tutorial");
const overrides = { DATABASE_URI: "sqlite:///:memory:", EXT_SCHEDULER: false };

describe("the tutorial, with no config", () => {
  let app: Fluid;
  before(async () => {
    app = await createTestApp("app", { root: tutorial.root, overrides });
  });
  after(() => app.shutdown());

  test("JSON, the template page, a static file, a 404 and errors all carry the headers", async () => {
    const responses = {
      json: await app.inject("/health"),
      page: await app.inject("/"),
      static: await app.inject("/static/style.css"),
      notFound: await app.inject("/nowhere"),
      validation: await app.inject("/my-model"),
      badJson: await app.inject({ method: "POST", url: "/my-model", headers: { "content-type": "application/json" }, payload: "{oops" }),
      head: await app.inject({ method: "HEAD", url: "/health" }),
    };
    assert.equal(responses.json.statusCode, 200);
    assert.match(responses.page.body, /<link rel="stylesheet" href="\/static\/style.css">/);
    assert.equal(responses.static.statusCode, 200);
    assert.equal(responses.notFound.statusCode, 404);
    assert.equal(responses.validation.statusCode, 422);
    assert.equal(responses.badJson.statusCode, 400);
    for (const [what, res] of Object.entries(responses)) assertDefaults(res.headers, what);
  });
});

describe("config keys", () => {
  const project = emptyProject();

  function appWith(values: Record<string, unknown>, routes: (app: Fluid) => void = () => {}): Fluid {
    const app = new Fluid(project.path("fluid"), { config: testConfig(values, { root: project.root }) });
    app.get("/", { responseClass: HTMLResponse })(() => "<p>hi</p>");
    app.get("/crash")(() => {
      throw new Error("boom");
    });
    routes(app);
    return app;
  }

  test("an unhandled error (500) carries them too", async () => {
    const res = await appWith({}).inject("/crash");
    assert.equal(res.statusCode, 500);
    assertDefaults(res.headers, "500");
  });

  test("a URL that is not valid percent-encoding (400, answered before any hook) carries them too", async () => {
    const res = await appWith({}).inject("/%zz");
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), { detail: "Bad Request: the URL is not valid percent-encoding" });
    assertDefaults(res.headers, "bad URL");
  });

  test("SECURITY_HEADERS = false sends none", async () => {
    const app = appWith({ SECURITY_HEADERS: false });
    assertNone((await app.inject("/")).headers, "page");
    assertNone((await app.inject("/nowhere")).headers, "404");
    const badUrl = await app.inject("/%zz");
    assert.equal(badUrl.statusCode, 400);
    assertNone(badUrl.headers, "bad URL");
  });

  test("CONTENT_SECURITY_POLICY sets the policy, empty drops it; REPORT_ONLY reports only", async () => {
    const custom = appWith({ CONTENT_SECURITY_POLICY: "default-src 'self'; img-src 'self' https://img.example.com; script-src 'self' 'nonce-abc'" });
    assert.equal((await custom.inject("/")).headers["content-security-policy"], "default-src 'self';img-src 'self' https://img.example.com;script-src 'self' 'nonce-abc'");
    const none = await appWith({ CONTENT_SECURITY_POLICY: "" }).inject("/");
    assert.equal(none.headers["content-security-policy"], undefined);
    assert.equal(none.headers["x-frame-options"], "SAMEORIGIN", "the other headers stay");
    const reportOnly = await appWith({ CONTENT_SECURITY_POLICY_REPORT_ONLY: true }).inject("/");
    assert.equal(reportOnly.headers["content-security-policy"], undefined);
    assert.equal(reportOnly.headers["content-security-policy-report-only"], DEFAULT_CSP);
  });

  test("X_FRAME_OPTIONS, SECURE_REFERRER_POLICY, cross-origin policies and HSTS", async () => {
    const strict = await appWith({
      X_FRAME_OPTIONS: "deny",
      SECURE_REFERRER_POLICY: "same-origin, strict-origin-when-cross-origin",
      SECURE_CROSS_ORIGIN_OPENER_POLICY: "same-origin-allow-popups",
      SECURE_CROSS_ORIGIN_RESOURCE_POLICY: "cross-origin",
      SECURE_HSTS_SECONDS: 63072000,
      SECURE_HSTS_PRELOAD: true,
    }).inject("/");
    assert.equal(strict.headers["x-frame-options"], "DENY");
    assert.equal(strict.headers["referrer-policy"], "same-origin,strict-origin-when-cross-origin");
    assert.equal(strict.headers["cross-origin-opener-policy"], "same-origin-allow-popups");
    assert.equal(strict.headers["cross-origin-resource-policy"], "cross-origin");
    assert.equal(strict.headers["strict-transport-security"], "max-age=63072000; includeSubDomains; preload");
    const off = await appWith({
      X_FRAME_OPTIONS: "",
      SECURE_REFERRER_POLICY: "",
      SECURE_CROSS_ORIGIN_OPENER_POLICY: "",
      SECURE_CROSS_ORIGIN_RESOURCE_POLICY: "",
      SECURE_HSTS_SECONDS: 0,
    }).inject("/");
    for (const name of ["x-frame-options", "referrer-policy", "cross-origin-opener-policy", "cross-origin-resource-policy", "strict-transport-security"]) {
      assert.equal(off.headers[name], undefined, name);
    }
    assert.equal(off.headers["x-content-type-options"], "nosniff");
    const noSubdomains = await appWith({ SECURE_HSTS_INCLUDE_SUBDOMAINS: false }).inject("/");
    assert.equal(noSubdomains.headers["strict-transport-security"], "max-age=31536000");
  });

  test("a bad value stops the app with one line naming the key", () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ X_FRAME_OPTIONS: "ALLOW-FROM x" }, /^X_FRAME_OPTIONS \(override\): must be one of DENY, SAMEORIGIN/],
      [{ SECURE_REFERRER_POLICY: "no-referer" }, /^SECURE_REFERRER_POLICY \(override\): unknown policy "no-referer"; use one or more of no-referrer/],
      [{ CONTENT_SECURITY_POLICY: "img-src 'self'" }, /^CONTENT_SECURITY_POLICY \(override\): the policy needs a default-src directive/],
      [{ CONTENT_SECURITY_POLICY: "default-src self" }, /^CONTENT_SECURITY_POLICY \(override\): .*"self" should be quoted/],
      [{ SECURE_HSTS_SECONDS: -1 }, /^SECURE_HSTS_SECONDS \(override\): must be a whole number of seconds/],
      [{ SECURE_CROSS_ORIGIN_RESOURCE_POLICY: "any" }, /^SECURE_CROSS_ORIGIN_RESOURCE_POLICY \(override\): must be one of same-origin, same-site, cross-origin/],
    ];
    assertBadConfig(appWith, cases);
  });

  test("a route changes or drops its own headers with the securityHeaders option", async () => {
    const app = appWith({}, (app) => {
      app.get("/bare", { securityHeaders: false }, () => "bare");
      app.get(
        "/widget",
        { securityHeaders: { frameOptions: false, contentSecurityPolicy: "default-src 'self'; frame-ancestors https://partner.example.com", crossOriginResourcePolicy: "cross-origin" } },
        () => "widget",
      );
      app.get("/no-csp", { securityHeaders: { contentSecurityPolicy: false, referrerPolicy: "same-origin", frameOptions: "DENY" } }, () => "x");
    });
    assertNone((await app.inject("/bare")).headers, "bare");
    const widget = (await app.inject("/widget")).headers;
    assert.equal(widget["x-frame-options"], undefined);
    assert.equal(widget["content-security-policy"], "default-src 'self';frame-ancestors https://partner.example.com");
    assert.equal(widget["cross-origin-resource-policy"], "cross-origin");
    assert.equal(widget["referrer-policy"], "no-referrer", "fields left out keep the app's value");
    const noCsp = (await app.inject("/no-csp")).headers;
    assert.equal(noCsp["content-security-policy"], undefined);
    assert.equal(noCsp["referrer-policy"], "same-origin");
    assert.equal(noCsp["x-frame-options"], "DENY");
    assertDefaults((await app.inject("/")).headers, "other routes keep the app's headers");
  });

  test("a bad securityHeaders option fails where the route is declared", () => {
    const bad = { securityHeaders: { contentSecurityPolicy: "script-src 'self'" } } as RouteOptions;
    assert.throws(() => appWith({}).get("/x", bad, () => 1), (error: Error & { code?: string }) => {
      assert.equal(error.code, "WF_ERR_APP_BAD_ROUTE");
      assert.match(error.message, /^route GET \/x: securityHeaders: the policy needs a default-src directive/);
      return true;
    });
  });
});
