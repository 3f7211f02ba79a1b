import assert from "node:assert/strict";
import { test } from "node:test";
import { neutralSchema, reverseOperations } from "../../../src/migrate/operations/index.ts";
import type { Operation, TableSpec } from "../../../src/migrate/vocabulary/index.ts";

const user: TableSpec = {
  name: "user",
  columns: [
    { name: "id", type: "integer", primary: true, autoincrement: true },
    { name: "name", type: "string", length: 80, default: "anon" },
    { name: "team_id", type: "integer", nullable: true },
  ],
  indexes: [{ name: "user_name_index", columns: ["name"] }],
  uniques: [{ name: "user_team_unique", columns: ["team_id"] }],
  foreignKeys: [{ name: "user_team_fk", columns: ["team_id"], referencedTable: "team", referencedColumns: ["id"], onDelete: "cascade" }],
};
const before = { table: (name: string) => (name === "user" ? user : undefined) };

test("each operation reverses against the schema before it, last first", () => {
  const upgrade: Operation[] = [
    { kind: "dropForeignKey", table: "user", name: "user_team_fk" },
    { kind: "dropIndex", table: "user", name: "user_name_index" },
    { kind: "dropUnique", table: "user", name: "user_team_unique" },
    { kind: "alterColumn", table: "user", column: "name", changes: { type: "text", nullable: true } },
    { kind: "dropColumn", table: "user", column: "team_id" },
    { kind: "addColumn", table: "user", column: { name: "bio", type: "text" } },
    { kind: "renameColumn", table: "user", column: "name", to: "title" },
    { kind: "createTable", table: "log", columns: [{ name: "id", type: "integer" }] },
    { kind: "renameTable", table: "user", to: "member" },
    { kind: "dropPrimaryKey", table: "user" },
  ];
  const { operations, irreversible } = reverseOperations(upgrade, before);
  assert.deepEqual(irreversible, []);
  assert.deepEqual(operations, [
    { kind: "createPrimaryKey", table: "user", columns: ["id"] },
    { kind: "renameTable", table: "member", to: "user" },
    { kind: "dropTable", table: "log" },
    { kind: "renameColumn", table: "user", column: "title", to: "name" },
    { kind: "dropColumn", table: "user", column: "bio" },
    { kind: "addColumn", table: "user", column: { name: "team_id", type: "integer", nullable: true } },
    { kind: "alterColumn", table: "user", column: "name", changes: { type: "string", nullable: false, length: 80 } },
    { kind: "createUnique", table: "user", name: "user_team_unique", columns: ["team_id"] },
    { kind: "createIndex", table: "user", name: "user_name_index", columns: ["name"] },
    { kind: "createForeignKey", table: "user", name: "user_team_fk", columns: ["team_id"], referencedTable: "team", referencedColumns: ["id"], onDelete: "cascade" },
  ]);
});

test("dropping a table reverses to creating it whole; raw SQL and inserts are reported, not guessed", () => {
  const execute: Operation = { kind: "execute", sql: "update user set name = 'x'" };
  const insert: Operation = { kind: "bulkInsert", table: "user", rows: [{ name: "a" }] };
  const { operations, irreversible } = reverseOperations([{ kind: "dropTable", table: "user" }, execute, insert], before);
  const { name, ...rest } = user;
  assert.deepEqual(operations, [{ kind: "createTable", table: name, ...rest }]);
  assert.deepEqual(
    irreversible.map((i) => i.operation),
    [insert, execute],
  );
});

test("known reversals override the registry; unknown objects are irreversible", () => {
  const raw: Operation = { kind: "execute", sql: "alter table t add constraint c check (a > 0)", dialects: ["postgresql"] };
  const undo: Operation = { kind: "execute", sql: "alter table t drop constraint c", dialects: ["postgresql"] };
  const result = reverseOperations([raw, { kind: "dropColumn", table: "nope", column: "x" }], before, new Map([[raw, [undo]]]));
  assert.deepEqual(result.operations, [undo]);
  assert.match(result.irreversible[0]!.reason, /table nope is unknown/);
});

test("the neutral schema replays a history of operations", () => {
  const state = neutralSchema([
    { kind: "createTable", table: "team", columns: [{ name: "id", type: "integer", primary: true }] },
    { kind: "createTable", table: "user", columns: [{ name: "id", type: "integer", primary: true }, { name: "nick", type: "string", length: 40 }] },
    { kind: "addColumn", table: "user", column: { name: "team_id", type: "integer" } },
    { kind: "createForeignKey", table: "user", name: "fk", columns: ["team_id"], referencedTable: "team", referencedColumns: ["id"] },
    { kind: "alterColumn", table: "user", column: "nick", changes: { type: "text" } },
    { kind: "renameColumn", table: "team", column: "id", to: "team_id" },
    { kind: "renameTable", table: "team", to: "squad" },
    { kind: "createIndex", table: "user", name: "user_nick_index", columns: ["nick"] },
    { kind: "dropColumn", table: "user", column: "nick" },
    { kind: "execute", sql: "anything" },
  ]);
  assert.equal(state.table("team"), undefined);
  assert.deepEqual(state.table("squad")?.columns, [{ name: "team_id", type: "integer", primary: true }]);
  const user = state.table("user")!;
  assert.deepEqual(user.columns.map((c) => c.name), ["id", "team_id"]);
  assert.deepEqual(user.indexes, []);
  assert.deepEqual(user.foreignKeys, [{ name: "fk", columns: ["team_id"], referencedTable: "squad", referencedColumns: ["team_id"] }]);
});

test("a native enum type and its values reverse together", () => {
  const tagged: TableSpec = { name: "post", columns: [{ name: "id", type: "integer", primary: true }, { name: "state", type: "text", enum: ["draft", "live"], enumType: "post_state" }] };
  const lookup = { table: (name: string) => (name === "post" ? tagged : undefined) };
  const { operations } = reverseOperations(
    [
      { kind: "alterColumn", table: "post", column: "state", changes: { enum: ["live"] } },
      { kind: "alterColumn", table: "post", column: "state", changes: { enum: null } },
      { kind: "dropColumn", table: "post", column: "state" },
    ],
    lookup,
  );
  assert.deepEqual(operations, [
    { kind: "addColumn", table: "post", column: { name: "state", type: "text", enum: ["draft", "live"], enumType: "post_state" } },
    { kind: "alterColumn", table: "post", column: "state", changes: { enum: ["draft", "live"], enumType: "post_state" } },
    { kind: "alterColumn", table: "post", column: "state", changes: { enum: ["draft", "live"] } },
  ]);
  const plain = reverseOperations([{ kind: "alterColumn", table: "post", column: "state", changes: { enumType: null } }], lookup).operations;
  assert.deepEqual(plain, [{ kind: "alterColumn", table: "post", column: "state", changes: { enum: ["draft", "live"], enumType: "post_state" } }]);
  const state = neutralSchema([
    { kind: "createTable", table: "post", columns: [{ name: "state", type: "text", enum: ["a"], enumType: "post_state" }] },
    { kind: "alterColumn", table: "post", column: "state", changes: { enum: ["a", "b"] } },
  ]);
  assert.deepEqual(state.table("post")?.columns, [{ name: "state", type: "text", enum: ["a", "b"], enumType: "post_state" }]);
  const dropped = neutralSchema([
    { kind: "createTable", table: "post", columns: [{ name: "state", type: "text", enum: ["a"], enumType: "post_state" }] },
    { kind: "alterColumn", table: "post", column: "state", changes: { enumType: null } },
  ]);
  assert.deepEqual(dropped.table("post")?.columns, [{ name: "state", type: "text", enum: ["a"] }]);
});
