import assert from "node:assert/strict";
import { test } from "node:test";
import { renderOperations } from "../../../src/migrate/autogenerate/index.ts";
import type { Operation } from "../../../src/migrate/vocabulary/index.ts";
import { evaluate } from "../../support/operations.ts";

/** One of every kind, with every option. */
export const EVERY_KIND: Operation[] = [
  {
    kind: "createTable",
    table: "member",
    columns: [
      { name: "id", type: "integer", primary: true, autoincrement: true },
      { name: "nick", type: "string", length: 40, nullable: true, default: "it's \"me\"" },
      { name: "price", type: "decimal", precision: 12, scale: 4, default: 0.5 },
      { name: "active", type: "boolean", default: false },
      { name: "seen", type: "datetime", length: 3, default: { raw: "current_timestamp" } },
      { name: "mood", type: "text", nativeType: "citext" },
      { name: "state", type: "text", default: "draft", enum: ["draft", "live"], enumType: "member_state" },
    ],
    primaryKey: ["id"],
    indexes: [{ name: "member_nick_index", columns: ["nick"] }, { name: "member_uq_index", columns: ["nick", "price"], unique: true }],
    uniques: [{ name: "member_mood_unique", columns: ["mood"] }],
    foreignKeys: [{ name: "member_self", columns: ["id"], referencedTable: "member", referencedColumns: ["id"], onDelete: "cascade", onUpdate: "set null" }],
  },
  { kind: "dropTable", table: "old" },
  { kind: "renameTable", table: "a", to: "b" },
  { kind: "addColumn", table: "member", column: { name: "age", type: "smallint", nullable: true } },
  { kind: "dropColumn", table: "member", column: "age" },
  { kind: "alterColumn", table: "member", column: "nick", changes: { type: "string", length: null, nullable: false, default: null } },
  { kind: "alterColumn", table: "member", column: "state", changes: { enum: ["draft", "live", "gone"], enumType: null } },
  { kind: "renameColumn", table: "member", column: "nick", to: "handle" },
  { kind: "createIndex", table: "member", name: "i", columns: ["handle"], unique: true },
  { kind: "dropIndex", table: "member", name: "i" },
  { kind: "createUnique", table: "member", name: "u", columns: ["handle", "mood"] },
  { kind: "dropUnique", table: "member", name: "u" },
  { kind: "createPrimaryKey", table: "link", columns: ["a", "b"] },
  { kind: "dropPrimaryKey", table: "link" },
  { kind: "createForeignKey", table: "member", name: "fk", columns: ["x"], referencedTable: "y", referencedColumns: ["id"], onDelete: "restrict" },
  { kind: "dropForeignKey", table: "member", name: "fk" },
  { kind: "execute", sql: "select 1", params: [1, "two", null, true], dialects: ["postgresql", "mysql"], reason: "a reason" },
  { kind: "execute", sql: "vacuum", dialects: ["sqlite"] },
  { kind: "bulkInsert", table: "member", rows: [{ handle: "a", price: 1, seen: new Date("2024-01-02T03:04:05.000Z"), big: 12n }, {}] },
  { kind: "query", sql: "select * from member where id = ?", params: [1] },
];

test("rendered operations evaluate back to the same operations", async () => {
  const body = renderOperations(EVERY_KIND, { comments: ["a warning"] });
  assert.deepEqual(await evaluate(body), EVERY_KIND);
});

test("rendering is stable and readable: one call per operation", () => {
  const body = renderOperations(
    [
      {
        kind: "createTable",
        table: "user",
        columns: [
          { name: "id", type: "integer", primary: true, autoincrement: true },
          { name: "email", type: "string", length: 120 },
        ],
        uniques: [{ name: "user_email_unique", columns: ["email"] }],
      },
      { kind: "alterColumn", table: "user", column: "email", changes: { nullable: true } },
      { kind: "execute", sql: "alter table \"user\" add constraint c check (id > 0)", dialects: ["postgresql"], reason: "user: check constraints cannot be expressed as neutral operations" },
    ],
    { comments: ["user: column a is dropped and b added"] },
  );
  assert.equal(
    body,
    [
      `  // user: column a is dropped and b added`,
      `  op.createTable("user", [`,
      `    op.column("id", "integer", { primary: true, autoincrement: true }),`,
      `    op.column("email", "string", { length: 120 }),`,
      `  ], {`,
      `    uniques: [`,
      `      op.unique("user_email_unique", ["email"]),`,
      `    ],`,
      `  });`,
      `  op.alterColumn("user", "email", { nullable: true });`,
      `  // user: check constraints cannot be expressed as neutral operations`,
      `  op.execute("alter table \\"user\\" add constraint c check (id > 0)", { dialect: "postgresql", reason: "user: check constraints cannot be expressed as neutral operations" });`,
    ].join("\n"),
  );
  assert.equal(renderOperations([]), "  // no operations");
});

test("a warning is written once, and not at the top when an execute carries it as its reason", () => {
  const reason = "user: check constraints cannot be expressed as neutral operations";
  const body = renderOperations([{ kind: "execute", sql: "select 1", dialects: ["postgresql"], reason }], {
    comments: [reason, "a likely rename", "a likely rename"],
  });
  assert.equal(body.split("\n").filter((line) => line.includes(reason) && line.trimStart().startsWith("//")).length, 1, body);
  assert.equal(body.split("\n").filter((line) => line.includes("a likely rename")).length, 1, body);
  assert.ok(body.startsWith("  // a likely rename\n  // user: check"), body);
});
