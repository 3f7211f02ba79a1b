/**
 * Rate limits: RATELIMIT_DEFAULT on every declared route (each counted on its own), a route's
 * own limit or exemption, per client address, 429 with Retry-After and {"detail"}; counters
 * in memory or shared through Redis; what a Redis outage does.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, test } from "node:test";
import { Redis } from "ioredis";
import { Fluid, type RouteOptions } from "../../src/index.ts";
import { testConfig } from "../../src/testing/index.ts";
import { parseRateLimits } from "../../src/web/rate-limit-syntax.ts";
import { emptyProject } from "../support/examples.ts";
import { assertBadConfig } from "./support.ts";

const project = emptyProject();
project.write("fluid/static/app.css", "body {}");

function appWith(values: Record<string, unknown>, routes: (app: Fluid) => void = () => {}): Fluid {
  const app = new Fluid(project.path("fluid"), { config: testConfig(values, { root: project.root }) });
  app.get("/a")(() => "a");
  app.get("/b")(() => "b");
  routes(app);
  return app;
}

async function statuses(app: Fluid, url: string, count: number, remoteAddress = "127.0.0.1"): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < count; i++) result.push((await app.inject({ url, remoteAddress })).statusCode);
  return result;
}

describe("the limit syntax (Flask-Limiter's)", () => {
  test("COUNT/PERIOD, COUNT per PERIOD, multiples, plurals, several with ;", () => {
    const windows = (text: string) => {
      const rules = parseRateLimits(text);
      assert.ok(Array.isArray(rules), text);
      return rules.map((rule) => [rule.count, rule.windowMs, rule.text]);
    };
    assert.deepEqual(windows("100/minute"), [[100, 60_000, "100 per 1 minute"]]);
    assert.deepEqual(windows("100 per minute"), [[100, 60_000, "100 per 1 minute"]]);
    assert.deepEqual(windows("10 per 5 minutes"), [[10, 300_000, "10 per 5 minutes"]]);
    assert.deepEqual(windows("10/5minutes"), [[10, 300_000, "10 per 5 minutes"]]);
    assert.deepEqual(windows(" 5/Second ; 1000/day;2 per year "), [
      [5, 1000, "5 per 1 second"],
      [1000, 86_400_000, "1000 per 1 day"],
      [2, 365 * 86_400_000, "2 per 1 year"],
    ]);
    assert.deepEqual(windows("1/hour, 30/month"), [[1, 3_600_000, "1 per 1 hour"], [30, 30 * 86_400_000, "30 per 1 month"]]);
  });

  test("anything else names the item and the syntax", () => {
    for (const text of ["100", "100/minit", "0/minute", "ten/minute", "100/0 minutes", "100 minute", "", " ; "]) {
      const rules = parseRateLimits(text);
      assert.ok(!Array.isArray(rules), text);
      assert.match(rules.problem, /write COUNT\/PERIOD or COUNT per PERIOD, PERIOD being second, minute, hour, day, month or year/, text);
    }
  });
});

describe("in memory", () => {
  test("off by default: no limit, no header", async () => {
    const app = appWith({});
    assert.deepEqual(await statuses(app, "/a", 30), Array(30).fill(200));
    assert.equal((await app.inject("/a")).headers["x-ratelimit-limit"], undefined);
  });

  test("RATELIMIT_DEFAULT: the (limit+1)th request gets 429, Retry-After and {detail}; each route counts on its own", async () => {
    const app = appWith({ RATELIMIT_DEFAULT: "3/minute" });
    const first = await app.inject("/a");
    assert.equal(first.headers["x-ratelimit-limit"], "3");
    assert.equal(first.headers["x-ratelimit-remaining"], "2");
    assert.equal(first.headers["x-ratelimit-reset"], "60");
    assert.deepEqual(await statuses(app, "/a", 2), [200, 200]);
    const limited = await app.inject("/a");
    assert.equal(limited.statusCode, 429);
    assert.deepEqual(limited.json(), { detail: "Rate limit exceeded: 3 per 1 minute" });
    assert.match(String(limited.headers["content-type"]), /^application\/json/);
    const retryAfter = Number(limited.headers["retry-after"]);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal(limited.headers["x-ratelimit-remaining"], "0");
    assert.equal(limited.headers["x-content-type-options"], "nosniff", "a 429 carries the security headers");
    assert.deepEqual(await statuses(app, "/b", 3), [200, 200, 200], "/b has its own counter");
    assert.deepEqual(await statuses(app, "/a", 1, "10.0.0.2"), [200], "another client has its own counter");
  });

  test("several limits: the first one exceeded answers", async () => {
    const app = appWith({ RATELIMIT_DEFAULT: "5 per minute; 2 per hour" });
    assert.deepEqual(await statuses(app, "/a", 2), [200, 200]);
    const limited = await app.inject("/a");
    assert.equal(limited.statusCode, 429);
    assert.deepEqual(limited.json(), { detail: "Rate limit exceeded: 2 per 1 hour" });
    assert.ok(Number(limited.headers["retry-after"]) > 60, "the hour's window");
  });

  test("a route's rateLimit replaces the default; false exempts it; static files are not limited", async () => {
    const app = appWith({ RATELIMIT_DEFAULT: "2/minute" }, (app) => {
      app.post("/login", { rateLimit: "1/minute" }, () => "in");
      app.get("/free", { rateLimit: false }, () => "free");
    });
    const login = async () => (await app.inject({ method: "POST", url: "/login" })).statusCode;
    assert.deepEqual([await login(), await login()], [200, 429]);
    assert.deepEqual(await statuses(app, "/free", 10), Array(10).fill(200));
    assert.deepEqual(await statuses(app, "/static/app.css", 10), Array(10).fill(200));
    assert.deepEqual(await statuses(app, "/a", 3), [200, 200, 429]);
  });

  test("a route's own limit holds without RATELIMIT_DEFAULT; RATELIMIT_ENABLED = false turns every limit off", async () => {
    const routes = (app: Fluid) => app.get("/once", { rateLimit: "1/minute" }, () => "x");
    assert.deepEqual(await statuses(appWith({}, routes), "/once", 2), [200, 429]);
    assert.deepEqual(await statuses(appWith({}, routes), "/a", 5), Array(5).fill(200));
    const off = appWith({ RATELIMIT_ENABLED: false, RATELIMIT_DEFAULT: "1/minute" }, routes);
    assert.deepEqual(await statuses(off, "/once", 3), [200, 200, 200]);
  });

  test("keyed by request.ip: X-Forwarded-For counts only with TRUST_PROXY", async () => {
    const forwarded = (app: Fluid, client: string) => app.inject({ url: "/a", headers: { "x-forwarded-for": client } }).then((res) => res.statusCode);
    const direct = appWith({ RATELIMIT_DEFAULT: "1/minute" });
    assert.deepEqual([await forwarded(direct, "1.1.1.1"), await forwarded(direct, "2.2.2.2")], [200, 429], "a client cannot pick its own address");
    const proxied = appWith({ RATELIMIT_DEFAULT: "1/minute", TRUST_PROXY: true });
    assert.deepEqual([await forwarded(proxied, "1.1.1.1"), await forwarded(proxied, "2.2.2.2"), await forwarded(proxied, "1.1.1.1")], [200, 200, 429]);
  });

  test("bad config or a bad route limit fails with one line naming the key or route and the syntax", () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ RATELIMIT_DEFAULT: "100/minit" }, /^RATELIMIT_DEFAULT \(override\): "100\/minit" is not a rate limit; write COUNT\/PERIOD/],
      [{ RATELIMIT_STORAGE_URI: "memcached://x" }, /^RATELIMIT_STORAGE_URI \(override\) must be memory:\/\/ or a redis:\/\/ \(rediss:\/\/\) URI, got "memcached:\/\/x"/],
      [{ RATELIMIT_STORAGE_URI: "postgresql://u:secret@db/x" }, /got "postgresql:\/\/u:\*{8}@db\/x"$/],
    ];
    assertBadConfig(appWith, cases);
    assert.throws(() => appWith({}).post("/x", { rateLimit: "5 a minute" } as RouteOptions, () => 1), (error: Error & { code?: string }) => {
      assert.equal(error.code, "WF_ERR_APP_BAD_ROUTE");
      assert.match(error.message, /^route POST \/x: rateLimit: "5 a minute" is not a rate limit; write COUNT\/PERIOD/);
      return true;
    });
  });
});

const redisUri = process.env.WF_TEST_REDIS_URI;

describe("in Redis", { skip: redisUri ? false : "WF_TEST_REDIS_URI is not set: Redis tests skipped" }, () => {
  const admin = redisUri ? new Redis(redisUri, { lazyConnect: true }) : undefined;
  const prefixes: string[] = [];
  after(async () => {
    if (!admin) return;
    for (const prefix of prefixes) {
      const keys = await admin.keys(`${prefix}*`);
      if (keys.length > 0) await admin.del(...keys);
    }
    await admin.quit();
  });
  function uniquePrefix(): string {
    const prefix = `wf-test-ratelimit-${randomUUID()}:`;
    prefixes.push(prefix);
    return prefix;
  }

  test("two apps on one Redis share the counters; keys live under RATELIMIT_KEY_PREFIX and expire", async () => {
    const prefix = uniquePrefix();
    const values = { RATELIMIT_DEFAULT: "4/minute", RATELIMIT_STORAGE_URI: redisUri, RATELIMIT_KEY_PREFIX: prefix };
    const one = appWith(values);
    const two = appWith(values);
    try {
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await (i % 2 ? two : one).inject("/a")).statusCode);
      assert.deepEqual(codes, [200, 200, 200, 200]);
      const limited = await one.inject("/a");
      assert.equal(limited.statusCode, 429);
      assert.deepEqual(limited.json(), { detail: "Rate limit exceeded: 4 per 1 minute" });
      assert.ok(Number(limited.headers["retry-after"]) >= 1);
      assert.equal((await two.inject("/b")).statusCode, 200, "another route, another counter");
      const keys = await admin!.keys(`${prefix}*`);
      assert.equal(keys.length, 2, keys.join(", "));
      for (const key of keys) {
        const ttl = await admin!.pttl(key);
        assert.ok(ttl > 0 && ttl <= 60_000, `${key} expires (${ttl} ms)`);
      }
    } finally {
      await one.shutdown();
      await two.shutdown();
    }
  });

  test("Redis unreachable: requests pass (RATELIMIT_SWALLOW_ERRORS, the default) or get 503", async () => {
    const down = { RATELIMIT_DEFAULT: "1/minute", RATELIMIT_STORAGE_URI: "redis://127.0.0.1:1", RATELIMIT_KEY_PREFIX: uniquePrefix() };
    const open = appWith(down);
    const closed = appWith({ ...down, RATELIMIT_SWALLOW_ERRORS: false });
    try {
      assert.deepEqual(await statuses(open, "/a", 3), [200, 200, 200]);
      const refused = await closed.inject("/a");
      assert.equal(refused.statusCode, 503);
      assert.deepEqual(refused.json(), { detail: "Service Unavailable" });
    } finally {
      await open.shutdown();
      await closed.shutdown();
    }
  });
});
