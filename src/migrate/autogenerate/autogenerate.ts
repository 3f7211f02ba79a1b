/**
 * Autogenerate: compare one bind's models with its live database through MikroORM's
 * `SchemaComparator` and produce neutral upgrade operations, their downgrade, warnings and
 * blind spots.
 */
import type { Transaction } from "@mikro-orm/core";
import type { Column, DatabaseSchema, DatabaseTable } from "@mikro-orm/sql";
import {
  declareModelTypes,
  dialectContext,
  findTable,
  introspect,
  modelComparator,
  neutralTable,
  normalizeDefaults,
  schemaWith,
  syncEnumCheck,
  toColumn,
  withoutImplicitIndexes,
  type DialectContext,
  type SqlOrm,
} from "../dialect/index.ts";
import { neutralSchema, reverseOperations, type SchemaLookup } from "../operations/index.ts";
import type { ColumnSpec, Dialect, NeutralType, Operation, TableSpec } from "../vocabulary/index.ts";
import { knownBlindSpots, setAsideUnmanaged, type BlindSpot } from "./blind-spots.ts";
import { diffToOperations, type EnumTypes } from "./diff-to-operations.ts";
import { filterSchema, type ObjectFilter } from "./filter.ts";
import { modelTypeHints, type TypeHints } from "./hints.ts";
import { residualOperations } from "./residual.ts";

/** Options of {@link autogenerate}. */
export interface AutogenerateOptions extends ObjectFilter {
  /** Read the database inside this transaction. */
  readonly transaction?: Transaction;
  /**
   * The operations of the revisions already applied to this bind, oldest first. Reversing a
   * drop then recreates columns with the types the revisions declared, which databases do
   * not all keep (SQLite stores a `string(100)` as `text`).
   */
  readonly history?: readonly Operation[];
}

/** What {@link autogenerate} found. */
export interface AutogenerateResult {
  readonly dialect: Dialect;
  /** Operations taking the database to the models; empty when nothing changed. */
  readonly upgrade: Operation[];
  /** Operations taking it back, in order. */
  readonly downgrade: Operation[];
  /** Things to review before committing the revision (likely renames, non-portable SQL, ...). */
  readonly warnings: string[];
  /** What could not be compared. */
  readonly blindSpots: BlindSpot[];
}

/**
 * Neutral descriptions of the database's tables, for reversing drops and alters. A column's
 * declared type comes from the revision history or the models, and is trusted only where it
 * compiles to what the database holds; otherwise the database's own type is used.
 */
function lookupOf(schema: DatabaseSchema, models: DatabaseSchema, hints: TypeHints, history: SchemaLookup, ctx: DialectContext): SchemaLookup {
  // SQLite's declared types too: a `varchar(50)` is not the `text` a model now declares
  const comparator = modelComparator(ctx);
  const cache = new Map<string, TableSpec | undefined>();
  const fits = (table: DatabaseTable, live: Column, declared: Column) => !comparator.diffColumn(live, declared, table).has("type");
  const describe = (name: string): TableSpec | undefined => {
    const table = findTable(schema, name);
    if (!table) return undefined;
    const model = findTable(models, name);
    const trusted = new Map<string, NeutralType>();
    for (const [column, type] of hints.get(name) ?? []) {
      const live = table.getColumn(column);
      const declared = model?.getColumn(column);
      if (live && declared && fits(table, live, declared)) trusted.set(column, type);
    }
    const spec = neutralTable(table, ctx, trusted);
    const recorded = history.table(name);
    if (!recorded) return withoutImplicitIndexes(spec, ctx);
    const columns = spec.columns.map((column): ColumnSpec => {
      const past = recorded.columns.find((c) => c.name === column.name);
      const live = table.getColumn(column.name)!;
      if (!past || !fits(table, live, toColumn(past, ctx))) return column;
      // the type as declared, the rest as the database has it now
      const { length: _l, precision: _p, scale: _s, nativeType: _n, ...rest } = column;
      // a native enum type too, which only PostgreSQL can read back
      const enumType = rest.enum && !rest.enumType ? past.enumType : undefined;
      const declared = { type: past.type, length: past.length, precision: past.precision, scale: past.scale, nativeType: past.nativeType, enumType };
      return { ...rest, ...Object.fromEntries(Object.entries(declared).filter(([, v]) => v !== undefined)) } as ColumnSpec;
    });
    // a check as the revisions wrote it: databases report their own rewriting of it
    // (PostgreSQL: `(length((name)::text) > 1)`), which the other databases may not accept
    const checks = spec.checks?.map((check) => recorded.checks?.find((r) => r.name === check.name) ?? check);
    return withoutImplicitIndexes({ ...spec, columns, ...(checks ? { checks } : {}) }, ctx);
  };
  return {
    table(name) {
      if (!cache.has(name)) cache.set(name, describe(name));
      return cache.get(name);
    },
  };
}

/**
 * Where the database has no enum types (MariaDB/MySQL, SQLite), a model's native enum
 * (`nativeEnumName`) is the enum MikroORM builds without one: `ENUM(...)` on MariaDB, text plus
 * its CHECK on SQLite. MikroORM itself would declare a type named after the enum there, which
 * MariaDB rejects and SQLite stores without checking the values.
 *
 * @returns the type each such column names, by table and column: revisions written here still
 *   say it (`enumType`), so that they create the type on PostgreSQL.
 */
function plainNativeEnums(models: DatabaseSchema, ctx: DialectContext): EnumTypes {
  const names: Map<string, Map<string, string>> = new Map();
  if (ctx.platform.supportsNativeEnums()) return names;
  for (const table of models.getTables()) {
    for (const column of table.getColumns()) {
      if (!column.nativeEnumName) continue;
      const items = (column.enumItems ?? []).map(String);
      table.addColumn({ ...column, nativeEnumName: undefined, enumItems: items, type: ctx.platform.getEnumTypeDeclarationSQL({ items, fieldNames: [] }) });
      syncEnumCheck(table, column.name, ctx);
      if (!names.has(table.name)) names.set(table.name, new Map());
      names.get(table.name)!.set(column.name, column.nativeEnumName);
    }
    table.nativeEnums = {};
  }
  models.setNativeEnums({});
  return names;
}

/**
 * Compares the ORM's models with its database.
 *
 * @param orm - a connected MikroORM whose metadata holds one bind's entities.
 * @param options - tables/objects to leave out (always pass the version table), transaction.
 *
 * @example
 * ```ts
 * const result = await autogenerate(orm, { exclude: ["wf_migrate_version"] });
 * if (result.upgrade.length === 0) console.log("No changes in schema detected.");
 * for (const spot of result.blindSpots) console.warn(spot.detail);
 * ```
 */
export async function autogenerate(orm: SqlOrm, options: AutogenerateOptions = {}): Promise<AutogenerateResult> {
  const ctx = dialectContext(orm);
  const live = await introspect(ctx, { transaction: options.transaction });
  const models = ctx.generator.getTargetSchema();
  const enumTypes = plainNativeEnums(models, ctx);
  filterSchema(live, true, options, ctx);
  filterSchema(models, false, options, ctx);
  const blindSpots = [...knownBlindSpots(ctx.dialect), ...setAsideUnmanaged(live, models)];
  const hints = modelTypeHints(orm, ctx);
  // one spelling per default on both sides; the models' types read SQLite's storage classes
  normalizeDefaults(live, ctx, ctx.dialect === "sqlite" ? hints : undefined);
  normalizeDefaults(models, ctx, hints);
  declareModelTypes(models, ctx, hints);

  // tables only: views, routines and enum types are blind spots, not changes
  const from = schemaWith(live, live.getTables(), ctx);
  // the models' native enum types (PostgreSQL) come and go with the columns using them
  const to = schemaWith(models, models.getTables(), ctx);
  const diff = modelComparator(ctx).compare(from, to);
  const { operations, warnings } = diffToOperations(diff, ctx, hints, enumTypes);
  const upgrade = [...operations, ...residualOperations(ctx, from, operations, to)];

  const reversed = reverseOperations(operations, lookupOf(from, to, hints, neutralSchema(options.history ?? []), ctx));
  for (const { operation, reason } of reversed.irreversible) warnings.push(`downgrade: ${operation.kind} not reversed: ${reason}`);
  const downgrade = [...reversed.operations, ...residualOperations(ctx, to, reversed.operations, from)];

  for (const op of [...upgrade, ...downgrade]) {
    if (op.kind === "execute" && op.reason) warnings.push(op.reason);
  }
  return { dialect: ctx.dialect, upgrade, downgrade, warnings: [...new Set(warnings)], blindSpots };
}
