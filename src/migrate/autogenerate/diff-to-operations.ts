/**
 * MikroORM's `SchemaDifference` to neutral upgrade operations, in an order every database
 * accepts: foreign keys and indexes go first, new tables in dependency order, then columns,
 * dropped tables, new indexes, new foreign keys last.
 *
 * Checks, comments and enum values are neutral too: a table's checks drop first and are
 * created last (they may name columns added or dropped in between); an enum's check belongs to
 * its column and comes and goes with it.
 *
 * Whatever has no neutral operation (collations, expression indexes, triggers, ...)
 * is simply not converted: autogenerate finds it again as the residual difference and emits
 * it as dialect-tagged SQL.
 */
import { SchemaComparator, type Column, type DatabaseTable, type ForeignKey, type IndexDef, type SchemaDifference, type TableDifference } from "@mikro-orm/sql";
import { isEnumCheck, isImplicitIndex, neutralColumn, neutralForeignKey, neutralTable, withoutImplicitIndexes, type DialectContext } from "../dialect/index.ts";
import type { ColumnChanges, ColumnSpec, CreateTableOp, NeutralType, Operation } from "../vocabulary/index.ts";
import type { TypeHints } from "./hints.ts";

/** What the conversion yields. */
export interface ConvertedDiff {
  readonly operations: Operation[];
  /** Things the user should look at (likely renames, non-portable types). */
  readonly warnings: string[];
}

const LENGTH_TYPES: ReadonlySet<NeutralType> = new Set(["string", "time", "datetime"]);

/**
 * The native enum type each model column names, by table and column, where the database has
 * none to read back (MySQL/MariaDB, SQLite): revisions written there say it all the same.
 */
export type EnumTypes = ReadonlyMap<string, ReadonlyMap<string, string>>;

class Converter {
  readonly ops: Operation[] = [];
  readonly warnings: string[] = [];
  readonly #ctx: DialectContext;
  readonly #hints: TypeHints;
  readonly #enumTypes: EnumTypes;

  constructor(ctx: DialectContext, hints: TypeHints, enumTypes: EnumTypes) {
    this.#ctx = ctx;
    this.#hints = hints;
    this.#enumTypes = enumTypes;
  }

  /** `spec` with the native enum type its model column names, where the database cannot say it. */
  withEnumType(table: string, spec: ColumnSpec): ColumnSpec {
    const enumType = this.#enumTypes.get(table)?.get(spec.name);
    return enumType && spec.enum && !spec.enumType ? { ...spec, enumType } : spec;
  }

  /** The model's neutral type for a column, if the models declare it. */
  hint(table: string, column: string): NeutralType | undefined {
    return this.#hints.get(table)?.get(column);
  }

  column(table: string, column: Column, fromModels: boolean): ColumnSpec {
    const { spec, exact } = neutralColumn(column, this.#ctx, fromModels ? this.hint(table, column.name) : undefined);
    if (!exact) {
      this.warnings.push(`${table}.${column.name}: type ${column.type} has no neutral equivalent; the revision uses it as nativeType and only fits ${this.#ctx.dialect}`);
    }
    return fromModels ? this.withEnumType(table, spec) : spec;
  }

  table(table: DatabaseTable, fromModels: boolean): CreateTableOp {
    const hints = fromModels ? (this.#hints.get(table.name) ?? new Map<string, NeutralType>()) : new Map<string, NeutralType>();
    const { name, ...spec } = withoutImplicitIndexes(neutralTable(table, this.#ctx, hints), this.#ctx);
    for (const column of table.getColumns()) this.column(table.name, column, fromModels); // warnings only
    const columns = fromModels ? spec.columns.map((column) => this.withEnumType(name, column)) : spec.columns;
    return { kind: "createTable", table: name, ...spec, columns };
  }

  addIndex(table: string, index: IndexDef): void {
    if (index.expression) return;
    if (index.primary) this.ops.push({ kind: "createPrimaryKey", table, columns: [...index.columnNames] });
    else if (index.unique && index.constraint) this.ops.push({ kind: "createUnique", table, name: index.keyName, columns: [...index.columnNames] });
    else this.ops.push({ kind: "createIndex", table, name: index.keyName, columns: [...index.columnNames], ...(index.unique ? { unique: true } : {}) });
  }

  dropIndex(table: string, index: IndexDef): void {
    if (index.expression) return;
    if (index.primary) this.ops.push({ kind: "dropPrimaryKey", table });
    else if (index.unique && index.constraint) this.ops.push({ kind: "dropUnique", table, name: index.keyName });
    else this.ops.push({ kind: "dropIndex", table, name: index.keyName });
  }

  addForeignKey(table: string, fk: ForeignKey): void {
    this.ops.push({ kind: "createForeignKey", table, ...neutralForeignKey(fk, this.#ctx) });
  }

  dropForeignKey(table: string, fk: ForeignKey): void {
    this.ops.push({ kind: "dropForeignKey", table, name: fk.constraintName });
  }

  /** The neutral part of a column change, or undefined when only non-neutral properties changed. */
  changes(table: string, from: Column, to: Column, changed: ReadonlySet<string>): ColumnChanges | undefined {
    const next = this.column(table, to, true);
    const result: { -readonly [K in keyof ColumnChanges]: ColumnChanges[K] } = {};
    // MySQL's enum values are its column type: a change of values alone is no change of type
    const enumOnly = changed.has("enumItems") && neutralColumn(from, this.#ctx, this.hint(table, from.name)).spec.type === next.type && !!from.enumItems?.length && !!to.enumItems?.length;
    // a column moving to or from a native enum type (PostgreSQL) changes type only by that
    const enumTypeChanged = (from.nativeEnumName ?? null) !== (to.nativeEnumName ?? null);
    const typeByEnum = enumTypeChanged && neutralColumn(from, this.#ctx, this.hint(table, from.name)).spec.type === next.type;
    if (changed.has("type") && !enumOnly && !typeByEnum) {
      result.type = next.type;
      // the length goes along with the type: leaving it out would keep the old one
      if (LENGTH_TYPES.has(next.type)) result.length = next.length ?? null;
      if (next.type === "decimal") {
        result.precision = next.precision ?? null;
        result.scale = next.scale ?? null;
      }
      if (next.nativeType) result.nativeType = next.nativeType;
    }
    if (changed.has("nullable")) result.nullable = next.nullable ?? false;
    if (changed.has("default")) result.default = next.default ?? null;
    if (changed.has("comment")) {
      result.comment = to.comment || null;
      result.existingComment = from.comment || null;
    }
    // a native enum type's values are the type's (PostgreSQL): changing them alters the type
    if (changed.has("enumItems") || enumTypeChanged) result.enum = next.enum ?? null;
    if (enumTypeChanged) result.enumType = next.enumType ?? null;
    return Object.keys(result).length > 0 ? result : undefined;
  }
}

/** New tables ordered so that each one's foreign keys point at tables that already exist. */
function orderByDependencies(tables: DatabaseTable[], ctx: DialectContext): { ordered: DatabaseTable[]; deferred: Set<ForeignKey> } {
  const names = new Set(tables.map((t) => t.name));
  const target = (fk: ForeignKey) => neutralForeignKey(fk, ctx).referencedTable;
  const ordered: DatabaseTable[] = [];
  const deferred = new Set<ForeignKey>();
  const done = new Set<string>();
  let pending = [...tables];
  while (pending.length > 0) {
    const ready = pending.filter((t) =>
      Object.values(t.getForeignKeys()).every((fk) => !names.has(target(fk)) || done.has(target(fk)) || target(fk) === t.name),
    );
    // a cycle: create the first table without its foreign keys into the cycle, add them later
    const next = ready.length > 0 ? ready : [pending[0]!];
    if (ready.length === 0) {
      for (const fk of Object.values(next[0]!.getForeignKeys())) {
        if (names.has(target(fk)) && !done.has(target(fk)) && target(fk) !== next[0]!.name) deferred.add(fk);
      }
    }
    for (const table of next) {
      ordered.push(table);
      done.add(table.name);
    }
    pending = pending.filter((t) => !done.has(t.name));
  }
  return { ordered, deferred };
}

/**
 * Converts a schema difference (database -> models) to neutral upgrade operations.
 *
 * @example
 * ```ts
 * const diff = new SchemaComparator(platform).compare(live, models);
 * const { operations, warnings } = diffToOperations(diff, ctx, hints);
 * ```
 */
export function diffToOperations(diff: SchemaDifference, ctx: DialectContext, hints: TypeHints, enumTypes: EnumTypes = new Map()): ConvertedDiff {
  const c = new Converter(ctx, hints, enumTypes);
  const changed: TableDifference[] = Object.values(diff.changedTables);
  const removed = Object.values(diff.removedTables);
  const removedNames = new Set(removed.map((t) => t.name));

  // 1. constraints that would block what follows
  for (const fk of diff.orphanedForeignKeys) {
    const local = fk.localTableName.split(".").pop()!;
    if (!removedNames.has(local)) c.dropForeignKey(local, fk);
  }
  for (const td of changed) {
    const table = td.toTable.name;
    for (const fk of Object.values(td.removedForeignKeys)) c.dropForeignKey(table, fk);
    for (const fk of Object.values(td.changedForeignKeys)) c.dropForeignKey(table, td.fromTable.getForeignKeys()[fk.constraintName] ?? fk);
    // the implicit index of a dropped foreign key goes with the key
    const droppedKeys = [...Object.values(td.removedForeignKeys), ...Object.values(td.changedForeignKeys)].map((fk) => fk.columnNames);
    const fromIndexes = td.fromTable.getIndexes();
    for (const index of Object.values(td.removedIndexes)) {
      if (!isImplicitIndex(ctx, table, index, droppedKeys, fromIndexes)) c.dropIndex(table, index);
    }
    for (const index of Object.values(td.changedIndexes)) c.dropIndex(table, td.fromTable.getIndex(index.keyName) ?? index);
    for (const oldName of Object.keys(td.renamedIndexes)) {
      const old = td.fromTable.getIndex(oldName);
      if (old) c.dropIndex(table, old);
    }
    for (const check of [...Object.values(td.removedChecks), ...Object.values(td.changedChecks)]) {
      const old = td.fromTable.getCheck(check.name) ?? check;
      if (!isEnumCheck(td.fromTable, old, ctx)) c.ops.push({ kind: "dropCheckConstraint", table, name: old.name });
    }
  }

  // 2. new tables, referenced ones first
  const { ordered, deferred } = orderByDependencies(Object.values(diff.newTables), ctx);
  for (const table of ordered) {
    const op = c.table(table, true);
    const foreignKeys = (op.foreignKeys ?? []).filter((fk) => ![...deferred].some((d) => d.constraintName === fk.name));
    const { foreignKeys: _all, ...rest } = op;
    c.ops.push(foreignKeys.length > 0 ? { ...rest, foreignKeys } : rest);
  }

  // 3. columns: add, alter, drop (adds first so a hand-written data copy fits in between)
  for (const td of changed) {
    const table = td.toTable.name;
    // MikroORM guesses renames of identical columns; Migrate never renames on a guess
    const added = [...Object.values(td.addedColumns), ...Object.values(td.renamedColumns)];
    const dropped = [...Object.values(td.removedColumns), ...Object.keys(td.renamedColumns).map((n) => td.fromTable.getColumn(n)!)];
    for (const column of added) {
      const { primary: _primary, ...spec } = c.column(table, column, true);
      c.ops.push({ kind: "addColumn", table, column: spec });
    }
    for (const { column, fromColumn, changedProperties } of Object.values(td.changedColumns)) {
      const changes = c.changes(table, fromColumn, column, changedProperties);
      if (changes) c.ops.push({ kind: "alterColumn", table, column: column.name, changes });
    }
    for (const column of dropped) c.ops.push({ kind: "dropColumn", table, column: column.name });
    // a dropped and an added column of one type (as the database sees types) may be a rename
    const comparator = new SchemaComparator(ctx.platform);
    for (const gone of dropped) {
      for (const fresh of added) {
        if (comparator.diffColumn(gone, fresh, td.fromTable).has("type")) continue;
        c.warnings.push(
          `${table}: column ${gone.name} is dropped and ${fresh.name} (${c.column(table, fresh, true).type}) added; if it is a rename, replace both with op.renameColumn("${table}", "${gone.name}", "${fresh.name}") to keep the data`,
        );
      }
    }
  }

  // 4. dropped tables, referencing ones first
  const dropOrder = orderByDependencies(removed, ctx).ordered.reverse();
  for (const table of dropOrder) c.ops.push({ kind: "dropTable", table: table.name });

  // 5. new indexes, then foreign keys (their targets now exist)
  for (const td of changed) {
    const table = td.toTable.name;
    // the implicit index of a new foreign key comes with the key
    const addedKeys = [...Object.values(td.addedForeignKeys), ...Object.values(td.changedForeignKeys)].map((fk) => fk.columnNames);
    const toIndexes = td.toTable.getIndexes();
    for (const index of Object.values(td.addedIndexes)) {
      if (!isImplicitIndex(ctx, table, index, addedKeys, toIndexes)) c.addIndex(table, index);
    }
    for (const index of Object.values(td.changedIndexes)) c.addIndex(table, index);
    for (const index of Object.values(td.renamedIndexes)) c.addIndex(table, index);
  }
  for (const td of changed) {
    const table = td.toTable.name;
    for (const fk of Object.values(td.addedForeignKeys)) c.addForeignKey(table, fk);
    for (const fk of Object.values(td.changedForeignKeys)) c.addForeignKey(table, fk);
  }
  for (const fk of deferred) c.addForeignKey(fk.localTableName.split(".").pop()!, fk);

  // 6. checks (their columns now exist) and table comments
  for (const td of changed) {
    const table = td.toTable.name;
    for (const check of [...Object.values(td.addedChecks), ...Object.values(td.changedChecks)]) {
      if (isEnumCheck(td.toTable, check, ctx) || typeof check.expression !== "string") continue;
      c.ops.push({ kind: "createCheckConstraint", table, name: check.name, condition: check.expression });
    }
    // MikroORM reports a removed comment as `changedComment: undefined`: compare the two ends
    const comment = td.toTable.comment || null;
    const existing = td.fromTable.comment || null;
    if (ctx.platform.supportsComments() && comment !== existing) c.ops.push({ kind: "setTableComment", table, comment, existingComment: existing });
  }

  return { operations: c.ops, warnings: c.warnings };
}
