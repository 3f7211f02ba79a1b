/**
 * Autogenerate beyond the conformance cases: nothing to do, filters, warnings, blind spots,
 * what cannot be said neutrally, and revision source that evaluates back to the operations.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { defineEntity, p } from "@mikro-orm/core";
import { autogenerate, renderOperations } from "../../src/migrate/autogenerate/index.ts";
import { servers } from "../support/databases.ts";
import { evaluate } from "../support/operations.ts";
import { combined, visibleOn } from "./cases.ts";
import { readCatalog } from "./catalog.ts";
import { apply, compare, describeOps, withDatabase, withOrms } from "./helpers.ts";

const member = (properties: Record<string, unknown> = { nick: p.string() }, options: Record<string, unknown> = {}) => () => [
  defineEntity({ name: "Member", tableName: "member", properties: { id: p.integer().primary(), ...properties }, ...options }),
];

for (const server of servers) {
  describe(`autogenerate on ${server.dialect}`, { skip: server.skip }, () => {
    test("no change: no operations, and the blind spots still listed", () =>
      withDatabase(
        () => server.create(),
        (db) =>
          withOrms(db, [member()], async (orm) => {
            await orm!.schema.create();
            const result = await compare(orm!);
            assert.equal(result.dialect, server.dialect);
            assert.deepEqual([result.upgrade, result.downgrade], [[], []]);
            assert.ok(result.blindSpots.some((b) => b.object === "renames"));
          }),
      ));

    test("excluded tables and objects are neither compared nor dropped", () =>
      withDatabase(
        () => server.create(),
        (db) =>
          withOrms(db, [member({ nick: p.string(), extra: p.integer().nullable() }), member()], async (full, models) => {
            await full!.schema.create();
            await full!.em.getConnection().execute("create table wf_version (id integer not null primary key)");
            const all = await compare(models!);
            assert.deepEqual(
              all.upgrade.map((op) => op.kind).sort(),
              ["dropColumn", "dropTable"],
            );
            const filtered = await autogenerate(models!, {
              exclude: [/^wf_/],
              includeObject: (o) => !(o.type === "column" && o.name === "extra"),
            });
            assert.deepEqual(filtered.upgrade, []);
          }),
      ));

    test("a dropped and an added column of one type are a likely rename: warned, not guessed", () =>
      withDatabase(
        () => server.create(),
        (db) =>
          withOrms(db, [member(), member({ handle: p.string() })], async (a, b) => {
            await a!.schema.create();
            const result = await compare(b!);
            assert.deepEqual(
              result.upgrade.map((op) => op.kind),
              ["addColumn", "dropColumn"],
            );
            assert.ok(result.warnings.some((w) => w.includes(`op.renameColumn("member", "nick", "handle")`)), result.warnings.join("\n"));
          }),
      ));

    test("a check constraint is a neutral operation, with its inverse, also on a schema MikroORM created", () =>
      withDatabase(
        () => server.create(),
        (db) =>
          withOrms(
            db,
            [member({ price: p.integer() }), member({ price: p.integer() }, { checks: [{ name: "member_price_check", expression: "price >= 0" }] })],
            async (a, b) => {
              await a!.schema.create();
              const result = await compare(b!);
              assert.deepEqual(result.upgrade, [{ kind: "createCheckConstraint", table: "member", name: "member_price_check", condition: "price >= 0" }]);
              assert.deepEqual(result.downgrade, [{ kind: "dropCheckConstraint", table: "member", name: "member_price_check" }]);
              assert.match(renderOperations(result.upgrade), /op\.createCheckConstraint\("member_price_check", "member", "price >= 0"\);/);
              await apply(b!, result.upgrade);
              assert.deepEqual((await compare(b!)).upgrade, []);
              await apply(b!, result.downgrade);
              assert.deepEqual((await compare(a!)).upgrade, []);
            },
          ),
      ));

    // unsigned integers exist on MySQL/MariaDB only: no neutral operation says them
    test("what has no neutral operation becomes SQL for this database only, with the reason", { skip: server.dialect !== "mysql" && "MySQL only" }, () =>
      withDatabase(
        () => server.create(),
        (db) =>
          withOrms(db, [member({ price: p.integer() }), member({ price: p.integer().unsigned() })], async (a, b) => {
            await a!.schema.create();
            const result = await compare(b!);
            assert.ok(result.upgrade.length > 0);
            for (const op of [...result.upgrade, ...result.downgrade]) {
              assert.equal(op.kind, "execute", describeOps([op]));
              assert.deepEqual(op.kind === "execute" && op.dialects, [server.dialect]);
            }
            const first = result.upgrade[0]!;
            assert.match(first.kind === "execute" ? (first.reason ?? "") : "", /member: unsigned integers cannot be expressed as neutral operations/);
            assert.ok(result.warnings.some((w) => w.includes("unsigned integers")));
            await apply(b!, result.upgrade);
            assert.deepEqual((await compare(b!)).upgrade, []);
            await apply(b!, result.downgrade);
            assert.deepEqual((await compare(a!)).upgrade, []);
          }),
      ));

    test("views and triggers the models do not know are reported and left alone", () =>
      withDatabase(
        () => server.create(),
        (db) =>
          withOrms(db, [member()], async (orm) => {
            await orm!.schema.create();
            await orm!.em.getConnection().execute("create view member_names as select nick from member");
            const result = await compare(orm!);
            assert.deepEqual(result.upgrade, []);
            assert.ok(result.blindSpots.some((b) => b.object === "views" && b.detail.includes("member_names")), JSON.stringify(result.blindSpots));
          }),
      ));

    test("rendered revisions evaluate back to the autogenerated operations", () =>
      withDatabase(
        () => server.create(),
        (db) => {
          // built by Migrate: MikroORM's schema.create cannot build a native enum on MariaDB (an unknown type there)
          const models = combined(visibleOn(server.dialect));
          return withOrms(db, [models.a, models.b], async (a, b) => {
            await apply(a!, (await compare(a!)).upgrade);
            const result = await compare(b!);
            assert.deepEqual(await evaluate(renderOperations(result.upgrade, { comments: result.warnings })), result.upgrade);
            assert.deepEqual(await evaluate(renderOperations(result.downgrade)), result.downgrade);
          });
        },
      ));
  });
}

const reader = (values: string[] | undefined) => () => [
  defineEntity({
    name: "Reader",
    tableName: "reader",
    properties: { id: p.integer().primary(), ...(values ? { mood: p.enum(values).nativeEnumName("reader_mood").default(values[0]!) } : {}) },
  }),
];

const postgres = servers.find((s) => s.dialect === "postgresql")!;

describe("native enum types on postgresql", { skip: postgres.skip }, () => {
  const sqlOf = (statements: readonly { sql: string }[]) => statements.map((s) => s.sql);

  test("the type is created before its column, values are added and removed, and it goes with its last column", () =>
    withDatabase(
      () => postgres.create(),
      (db) =>
        withOrms(db, [reader(undefined), reader(["calm", "busy"]), reader(["calm", "busy", "away"])], async (none, two, three) => {
          await apply(none!, (await compare(none!)).upgrade);
          const add = await compare(two!);
          assert.deepEqual(add.upgrade, [
            { kind: "addColumn", table: "reader", column: { name: "mood", type: "text", default: "calm", enum: ["calm", "busy"], enumType: "reader_mood" } },
          ]);
          assert.deepEqual(sqlOf(await apply(two!, add.upgrade)), [
            `create type "reader_mood" as enum ('calm', 'busy')`,
            `alter table "reader" add "mood" "reader_mood" not null default 'calm'`,
          ]);
          assert.deepEqual((await compare(two!)).upgrade, [], "no difference after the upgrade");
          assert.deepEqual((await readCatalog(two!, "postgresql")).enumTypes, { reader_mood: ["calm", "busy"] });
          assert.equal((await readCatalog(two!, "postgresql")).tables.reader!.columns.mood!.type, "reader_mood");

          const more = await compare(three!);
          assert.deepEqual(more.warnings, []);
          assert.deepEqual(sqlOf(await apply(three!, more.upgrade)), [`alter type "reader_mood" add value if not exists 'away' after 'busy'`]);
          assert.deepEqual((await compare(three!)).upgrade, []);
          assert.deepEqual((await readCatalog(three!, "postgresql")).enumTypes, { reader_mood: ["calm", "busy", "away"] });
          // the downgrade removes the value again: the type is swapped
          assert.deepEqual(sqlOf(await apply(three!, more.downgrade)), [
            `alter type "reader_mood" rename to "reader_mood_old"`,
            `create type "reader_mood" as enum ('calm', 'busy')`,
            `alter table "reader" alter column "mood" drop default`,
            `alter table "reader" alter column "mood" type "reader_mood" using ("mood"::text::"reader_mood")`,
            `alter table "reader" alter column "mood" set default 'calm'`,
            `drop type "reader_mood_old"`,
          ]);
          assert.deepEqual((await readCatalog(two!, "postgresql")).enumTypes, { reader_mood: ["calm", "busy"] });
          assert.deepEqual((await compare(two!)).upgrade, []);

          const drop = await compare(none!);
          const statements = sqlOf(await apply(none!, drop.upgrade));
          assert.equal(statements.at(-1), `drop type "reader_mood"`, statements.join("\n"));
          const catalog = await readCatalog(none!, "postgresql");
          assert.deepEqual(catalog.enumTypes, {}, "the type goes with its last column");
          assert.equal(catalog.tables.reader!.columns.mood, undefined);
          assert.deepEqual((await compare(none!)).upgrade, []);
        }),
    ));

  test("a table's downgrade drops the table, then its type", () =>
    withDatabase(
      () => postgres.create(),
      (db) =>
        withOrms(db, [() => [], reader(["calm", "busy"])], async (empty, two) => {
          const create = await compare(two!);
          assert.deepEqual(sqlOf(await apply(two!, create.upgrade)).slice(0, 1), [`create type "reader_mood" as enum ('calm', 'busy')`]);
          assert.deepEqual((await compare(two!)).upgrade, []);
          assert.deepEqual(create.downgrade, [{ kind: "dropTable", table: "reader" }]);
          assert.deepEqual(sqlOf(await apply(two!, create.downgrade)), [`drop table "reader"`, `drop type "reader_mood"`]);
          assert.deepEqual(await readCatalog(empty!, "postgresql"), { tables: {}, enumTypes: {} });
        }),
    ));
});
