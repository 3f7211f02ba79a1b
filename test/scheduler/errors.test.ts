/**
 * The error codes and the public surface, kept in step with the docs.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import * as api from "../../src/scheduler/index.ts";
import { isWebFluidError } from "../../src/errors.ts";

const docs = readFileSync(new URL("../../docs/scheduler.md", import.meta.url), "utf8");

describe("scheduler errors", () => {
  test("every code is listed in docs/scheduler.md, and the docs list no other", () => {
    const codes = Object.values(api.SchedulerErrorCodes).sort();
    const documented = [...new Set(docs.match(/WF_ERR_SCHEDULER_[A-Z_]+/g) ?? [])].sort();
    assert.deepEqual(documented, codes);
  });

  test("errors are WebFluid errors with a code and a one-line message", () => {
    const scheduler = new api.Scheduler({ jobstore: "ftp://nowhere" });
    try {
      void scheduler.jobstore;
      assert.fail("expected an error");
    } catch (error) {
      assert.ok(isWebFluidError(error));
      assert.ok(error instanceof api.SchedulerError);
      assert.equal(error.code, "WF_ERR_SCHEDULER_BAD_JOBSTORE");
      assert.doesNotMatch(error.message, /\n/);
    }
  });
});

describe("webfluid/scheduler surface", () => {
  test("the package subpath resolves to it", async () => {
    const viaPackage = await import("webfluid/scheduler");
    assert.equal(viaPackage.scheduler, api.scheduler);
  });
});
