/**
 * Server defaults round-trip on every database: for each column type and kind of default
 * (numbers, bigints beyond 2^53, decimals, booleans, dates, strings with quotes, expressions),
 * the table Migrate creates reads back as the models declare it, and autogenerate then finds
 * nothing, every time (`wf migrate check` can pass). Also for tables MikroORM created itself.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { defineEntity, p } from "@mikro-orm/core";
import type { ColumnDefault, CreateTableOp } from "../../src/migrate/vocabulary/index.ts";
import { servers } from "../support/databases.ts";
import { apply, compare, describeOps, withDatabase, withOrms } from "./helpers.ts";

interface DefaultCase {
  /** Column name; says the type and the kind of default. */
  readonly column: string;
  /** The column without a default, then with it. */
  readonly base: () => unknown;
  readonly defaulted: () => unknown;
  /** The neutral default autogenerate must write, the same on every database. */
  readonly expected: ColumnDefault;
  /** MikroORM's own DDL cannot create it (it neither escapes quotes nor wraps expressions). */
  readonly notByMikroOrm?: boolean;
}

const CASES: readonly DefaultCase[] = [
  { column: "integer_zero", base: () => p.integer(), defaulted: () => p.integer().default(0), expected: 0 },
  { column: "integer_positive", base: () => p.integer(), defaulted: () => p.integer().default(42), expected: 42 },
  { column: "integer_negative", base: () => p.integer(), defaulted: () => p.integer().default(-7), expected: -7 },
  { column: "bigint_zero", base: () => p.bigint(), defaulted: () => p.bigint().default(0), expected: 0 },
  { column: "bigint_negative", base: () => p.bigint(), defaulted: () => p.bigint().default(-1), expected: -1 },
  { column: "bigint_beyond_double", base: () => p.bigint(), defaulted: () => p.bigint().default("9007199254740993"), expected: { raw: "9007199254740993" } },
  { column: "smallint_value", base: () => p.smallint(), defaulted: () => p.smallint().default(3), expected: 3 },
  { column: "decimal_zero", base: () => p.decimal().precision(10).scale(2), defaulted: () => p.decimal().precision(10).scale(2).default(0), expected: 0 },
  { column: "decimal_fraction", base: () => p.decimal().precision(10).scale(2), defaulted: () => p.decimal().precision(10).scale(2).default(1.5), expected: 1.5 },
  { column: "float_value", base: () => p.float(), defaulted: () => p.float().default(2.5), expected: 2.5 },
  { column: "double_negative", base: () => p.double(), defaulted: () => p.double().default(-0.25), expected: -0.25 },
  { column: "boolean_true", base: () => p.boolean(), defaulted: () => p.boolean().default(true), expected: true },
  { column: "boolean_false", base: () => p.boolean(), defaulted: () => p.boolean().default(false), expected: false },
  { column: "date_literal", base: () => p.date(), defaulted: () => p.date().default("2020-01-31"), expected: "2020-01-31" },
  { column: "time_literal", base: () => p.time(), defaulted: () => p.time().default("12:30:00"), expected: "12:30:00" },
  { column: "datetime_now", base: () => p.datetime(), defaulted: () => p.datetime().defaultRaw("current_timestamp"), expected: { raw: "current_timestamp" } },
  { column: "string_plain", base: () => p.string(), defaulted: () => p.string().default("plain"), expected: "plain" },
  { column: "string_quotes", base: () => p.string(), defaulted: () => p.string().default(`it's "quoted"`), expected: `it's "quoted"`, notByMikroOrm: true },
  { column: "string_empty", base: () => p.string(), defaulted: () => p.string().default(""), expected: "" },
  { column: "text_value", base: () => p.text(), defaulted: () => p.text().default("hello"), expected: "hello" },
  { column: "uuid_literal", base: () => p.uuid(), defaulted: () => p.uuid().default("00000000-0000-0000-0000-000000000000"), expected: "00000000-0000-0000-0000-000000000000" },
  { column: "expression_wrapped", base: () => p.integer(), defaulted: () => p.integer().defaultRaw("(1 + 2)"), expected: { raw: "(1 + 2)" } },
  { column: "expression_bare", base: () => p.integer(), defaulted: () => p.integer().defaultRaw("2 * 3"), expected: { raw: "(2 * 3)" }, notByMikroOrm: true },
];

const models = (cases: readonly DefaultCase[], withDefaults = true) => () => [
  defineEntity({
    name: "Defaults",
    tableName: "defaults",
    properties: { id: p.integer().primary(), ...Object.fromEntries(cases.map((c) => [c.column, withDefaults ? c.defaulted() : c.base()])) },
  }),
];

for (const server of servers) {
  describe(`server defaults on ${server.dialect}`, { skip: server.skip }, () => {
    test("autogenerate writes each default as the same neutral value, and the created table matches the models", () =>
      withDatabase(
        () => server.create(),
        (db) =>
          withOrms(db, [models(CASES)], async (orm) => {
            const initial = await compare(orm!);
            const create = initial.upgrade.find((op): op is CreateTableOp => op.kind === "createTable")!;
            const written = Object.fromEntries(create.columns.filter((c) => c.name !== "id").map((c) => [c.name, c.default]));
            assert.deepEqual(written, Object.fromEntries(CASES.map((c) => [c.column, c.expected])));
            await apply(orm!, initial.upgrade);
            for (let round = 0; round < 2; round++) {
              const again = await compare(orm!);
              assert.deepEqual(again.upgrade, [], `a default that round-trips shows as a change:\n${describeOps(again.upgrade)}`);
            }
          }),
      ));

    test("a table MikroORM created from the same models matches them too", () =>
      withDatabase(
        () => server.create(),
        (db) =>
          withOrms(db, [models(CASES.filter((c) => !c.notByMikroOrm))], async (orm) => {
            await orm!.schema.create();
            const result = await compare(orm!);
            assert.deepEqual(result.upgrade, [], describeOps(result.upgrade));
          }),
      ));

    test("changing each default is one alterColumn, reversed by the downgrade", () =>
      withDatabase(
        () => server.create(),
        (db) =>
          withOrms(db, [models(CASES, false), models(CASES)], async (a, b) => {
            await apply(a!, (await compare(a!)).upgrade);
            const change = await compare(b!);
            assert.deepEqual(
              change.upgrade.map((op) => (op.kind === "alterColumn" ? [op.column, op.changes.default] : op.kind)),
              CASES.map((c) => [c.column, c.expected]),
            );
            await apply(b!, change.upgrade);
            assert.deepEqual((await compare(b!)).upgrade, []);
            await apply(b!, change.downgrade);
            assert.deepEqual((await compare(a!)).upgrade, []);
          }),
      ));
  });
}
