/** The transaction decision (env.ts's transactionMode x dialect), without a database. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { framing } from "../../../src/migrate/runtime/revision-frame.ts";
import { resolveEnv } from "../../../src/migrate/script/env.ts";

test("per-run frames the run and per-revision each revision, where DDL is transactional; MySQL and none frame nothing", () => {
  const sqlite = { begin: ["pragma foreign_keys = off", "begin immediate"], check: "pragma foreign_key_check", commit: "commit", rollback: "rollback", end: ["pragma foreign_keys = on"] };
  assert.deepEqual(framing("per-run", "sqlite"), { scope: "run", frame: sqlite });
  assert.deepEqual(framing("per-revision", "sqlite"), { scope: "revision", frame: sqlite });
  assert.deepEqual(framing("per-run", "postgresql"), { scope: "run", frame: { begin: ["begin"], check: undefined, commit: "commit", rollback: "rollback", end: [] } });
  assert.equal(framing("per-run", "mysql"), undefined);
  assert.equal(framing("per-revision", "mysql"), undefined);
  assert.equal(framing("none", "postgresql"), undefined);
});

test("transactionMode defaults to per-revision; an unknown one is WF_ERR_MIGRATE_BAD_ENV, not silently none", () => {
  assert.equal(resolveEnv({}).transactionMode, "per-revision");
  assert.equal(resolveEnv({ transactionMode: "per-run" }).transactionMode, "per-run");
  assert.throws(() => resolveEnv({ transactionMode: "per_run" as "per-run" }), {
    code: "WF_ERR_MIGRATE_BAD_ENV",
    message: 'transactionMode "per_run" in env.ts is not one of "per-revision", "per-run", "none"',
  });
});

test("lockTimeout defaults to 600 seconds; a negative, infinite or non-number one is WF_ERR_MIGRATE_BAD_ENV", () => {
  assert.equal(resolveEnv({}).lockTimeout, 600);
  assert.equal(resolveEnv({ lockTimeout: 0 }).lockTimeout, 0);
  for (const [lockTimeout, shown] of [[-1, "-1"], [Infinity, "Infinity"], ["600", '"600"']] as const) {
    assert.throws(() => resolveEnv({ lockTimeout: lockTimeout as number }), {
      code: "WF_ERR_MIGRATE_BAD_ENV",
      message: `lockTimeout ${shown} in env.ts is not a number of seconds (0 or more, e.g. 600)`,
    });
  }
});
