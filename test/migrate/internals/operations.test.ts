import assert from "node:assert/strict";
import { test } from "node:test";
import { MigrateError } from "../../../src/migrate/errors.ts";
import { OperationRecorder, Operations } from "../../../src/migrate/operations/index.ts";
import type { Operation, OperationRunner } from "../../../src/migrate/vocabulary/index.ts";

test("op records operations as plain data, in call order", async () => {
  const recorder = new OperationRecorder();
  const op = new Operations(recorder);
  op.createTable("user", [op.column("id", "integer", { primary: true, autoincrement: true }), op.column("name", "string", { length: 80 })], {
    uniques: [op.unique("user_name_unique", ["name"])],
  });
  op.addColumn("user", op.column("age", "smallint", { nullable: true, default: 0 }));
  op.alterColumn("user", "name", { length: 120, default: op.raw("'anon'") });
  op.execute("update user set age = ?", { params: [1], dialect: "postgresql", reason: "because" });
  await op.drain();
  assert.deepEqual(recorder.operations, [
    {
      kind: "createTable",
      table: "user",
      columns: [
        { name: "id", type: "integer", primary: true, autoincrement: true },
        { name: "name", type: "string", length: 80 },
      ],
      uniques: [{ name: "user_name_unique", columns: ["name"] }],
    },
    { kind: "addColumn", table: "user", column: { name: "age", type: "smallint", nullable: true, default: 0 } },
    { kind: "alterColumn", table: "user", column: "name", changes: { length: 120, default: { raw: "'anon'" } } },
    { kind: "execute", sql: "update user set age = ?", params: [1], dialects: ["postgresql"], reason: "because" },
  ] satisfies Operation[]);
});

test("malformed arguments fail at the call with WF_ERR_MIGRATE_INVALID_OPERATION", () => {
  const op = new Operations();
  const invalid = (fn: () => unknown, pattern: RegExp) =>
    assert.throws(fn, (e: unknown) => e instanceof MigrateError && e.code === "WF_ERR_MIGRATE_INVALID_OPERATION" && pattern.test(e.message));
  invalid(() => op.dropColumn("user", ""), /column name must be a non-empty string/);
  // @ts-expect-error an unknown type is a type error too
  invalid(() => op.addColumn("user", op.column("x", "varchar")), /unknown column type "varchar"/);
  invalid(() => op.createTable("t", []), /needs at least one column/);
  invalid(() => op.createTable("t", [op.column("a", "integer"), op.column("a", "text")]), /declares column a twice/);
  invalid(() => op.createTable("t", [op.column("a", "integer")], { primaryKey: ["b"] }), /primaryKey names column b/);
  invalid(() => op.createForeignKey("t", "fk", ["a", "b"], "u", ["id"]), /2 columns but 1 referenced/);
  invalid(() => op.alterColumn("t", "a", {}), /at least one of/);
  invalid(() => op.addColumn("t", op.column("a", "text", { enumType: "kind" })), /a.enumType names a native enum type: give its values as enum too/);
  invalid(() => op.alterColumn("t", "a", { enum: null, enumType: "kind" }), /a column without enum values cannot use one/);
  // @ts-expect-error unknown dialect
  invalid(() => op.execute("select 1", { dialect: "oracle" }), /unknown dialect "oracle"/);
  invalid(() => op.addColumn("t", op.column("a", "string", { length: -1 })), /a.length must be a non-negative integer/);
});

test("operations run one at a time; a failure stops the queue and surfaces through drain()", async () => {
  const ran: string[] = [];
  let running = 0;
  const runner: OperationRunner = {
    async run(operation) {
      assert.equal(running++, 0, "two operations ran at once");
      await new Promise((resolve) => setTimeout(resolve, 2));
      running--;
      if (operation.kind === "dropTable" && operation.table === "boom") throw new Error("boom");
      ran.push("table" in operation ? operation.table : operation.kind);
    },
  };
  const op = new Operations(runner);
  op.dropTable("a");
  op.dropTable("b");
  const failed = op.dropTable("boom");
  const skipped = op.dropTable("c");
  await assert.rejects(op.drain(), /boom/);
  await assert.rejects(failed, /boom/);
  await assert.rejects(skipped, /boom/);
  assert.deepEqual(ran, ["a", "b"]);
});

test("an unawaited failing operation is not an unhandled rejection", async () => {
  let unhandled = 0;
  const count = () => unhandled++;
  process.on("unhandledRejection", count);
  try {
    const op = new Operations({ run: () => Promise.reject(new Error("nope")) });
    op.dropTable("a");
    op.dropTable("b");
    await assert.rejects(op.drain(), /nope/);
    // Node reports unhandled rejections once the microtasks of a turn are done: one turn later.
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(unhandled, 0);
  } finally {
    process.off("unhandledRejection", count);
  }
});

test("op.query resolves to the runner's rows; offline recording refuses it", async () => {
  const op = new Operations({ dialect: "sqlite", run: (o) => (o.kind === "query" ? [{ n: 1 }] : undefined) });
  assert.equal(op.dialect, "sqlite");
  assert.equal(op.offline, false);
  assert.deepEqual(await op.query("select 1 as n"), [{ n: 1 }]);

  const offline = new Operations(new OperationRecorder({ queries: "reject" }));
  assert.equal(offline.offline, true);
  await assert.rejects(offline.query("select 1"), (e: unknown) => e instanceof MigrateError && e.code === "WF_ERR_MIGRATE_OFFLINE_QUERY");
});
