/**
 * Rate limits across processes: two `wf run` of the tutorial share one limit through Redis,
 * and an unreachable Redis lets requests through with one warning per outage.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, test } from "node:test";
import { Redis } from "ioredis";
import { example } from "../support/examples.ts";

const redisUri = process.env.WF_TEST_REDIS_URI;

describe("the tutorial's rate limits under wf run", { skip: redisUri ? false : "WF_TEST_REDIS_URI is not set: Redis tests skipped" }, () => {
  const prefix = `wf-test-ratelimit-${randomUUID()}:`;
  after(async () => {
    const admin = new Redis(redisUri!);
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
  });

  test("two processes share one limit: N requests split between them, the (N+1)th gets 429 with Retry-After", async () => {
    const project = example("tutorial");
    const env = {
      WF_EXT_SCHEDULER: "0",
      WF_RATELIMIT_DEFAULT: "5/minute",
      WF_RATELIMIT_STORAGE_URI: redisUri!,
      WF_RATELIMIT_KEY_PREFIX: prefix,
    };
    // Ready once the static file answers: static files are not limited, /health is.
    const [one, two] = await Promise.all([project.start("app", { env, readyPath: "/static/style.css" }), project.start("app", { env, readyPath: "/static/style.css" })]);
    try {
      const remaining: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${(i % 2 ? two : one).url}/health`);
        assert.equal(res.status, 200);
        remaining.push(res.headers.get("x-ratelimit-remaining")!);
      }
      assert.deepEqual(remaining, ["4", "3", "2", "1", "0"], "one counter for both processes");
      for (const app of [two, one]) {
        const limited = await fetch(`${app.url}/health`);
        assert.equal(limited.status, 429);
        assert.deepEqual(await limited.json(), { detail: "Rate limit exceeded: 5 per 1 minute" });
        const retryAfter = Number(limited.headers.get("retry-after"));
        assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      }
      assert.equal((await fetch(`${one.url}/static/style.css`)).status, 200);
    } finally {
      assert.equal((await one.stop()).code, 0);
      assert.equal((await two.stop()).code, 0);
    }
  });

  test("Redis unreachable: requests pass, one warning for the outage", async () => {
    const project = example("tutorial");
    const env = { WF_EXT_SCHEDULER: "0", WF_RATELIMIT_DEFAULT: "1/minute", WF_RATELIMIT_STORAGE_URI: "redis://127.0.0.1:1", WF_RATELIMIT_KEY_PREFIX: prefix };
    const app = await project.start("app", { env, readyPath: "/static/style.css" });
    try {
      for (let i = 0; i < 4; i++) assert.equal((await fetch(`${app.url}/health`)).status, 200);
    } finally {
      const { code, stdout } = await app.stop();
      assert.equal(code, 0);
      const warnings = stdout.split("\n").filter((line) => line.includes('"level":40'));
      assert.equal(warnings.filter((line) => line.includes("rate limit storage failed")).length, 1, stdout);
      assert.equal(warnings.filter((line) => line.includes("Redis at redis://127.0.0.1:1 is unreachable")).length, 1, stdout);
      assert.match(stdout, /requests are let through unlimited until it works again/);
    }
  });
});
