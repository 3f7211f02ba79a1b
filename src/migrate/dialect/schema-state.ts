/**
 * The schema an operation compiles against, and copy-on-write drafts of it.
 *
 * Compiling an operation = applying it to a draft (only the tables it touches are copied),
 * comparing the touched tables before and after with MikroORM's `SchemaComparator`, and
 * committing the draft as the new state. Untouched tables are never copied nor compared, so
 * the cost of an operation does not grow with the size of the schema.
 */
import { DatabaseSchema, DatabaseTable } from "@mikro-orm/sql";
import { MigrateError } from "../errors.ts";
import type { DialectContext } from "./context.ts";

/** A deep copy of a table (columns, indexes, checks, foreign keys, triggers), optionally renamed. */
export function cloneTable(table: DatabaseTable, ctx: DialectContext, name = table.name): DatabaseTable {
  const copy = new DatabaseTable(ctx.platform, name, table.schema);
  copy.nativeEnums = table.nativeEnums;
  copy.comment = table.comment;
  copy.collation = table.collation;
  copy.rlsEnabled = table.rlsEnabled;
  copy.rlsForced = table.rlsForced;
  copy.setPartitioning(table.getPartitioning());
  for (const column of table.getColumns()) {
    copy.addColumn({ ...column, ...(column.enumItems ? { enumItems: [...column.enumItems] } : {}) });
  }
  copy.setIndexes(table.getIndexes().map((index) => ({ ...index, columnNames: [...index.columnNames] })));
  copy.setChecks(table.getChecks().map((check) => ({ ...check })));
  copy.setTriggers(table.getTriggers().map((trigger) => ({ ...trigger })));
  copy.setPolicies(table.getPolicies().map((policy) => ({ ...policy })));
  const fks = Object.entries(table.getForeignKeys()).map(([key, fk]) => [
    key,
    { ...fk, columnNames: [...fk.columnNames], referencedColumnNames: [...fk.referencedColumnNames] },
  ]);
  copy.setForeignKeys(Object.fromEntries(fks));
  return copy;
}

/** The native enum types of a schema (PostgreSQL), by key: the name, schema-qualified outside the default schema. */
export type NativeEnums = ReturnType<DatabaseSchema["getNativeEnums"]>;

/**
 * A schema holding `tables`, with the namespaces and native enums of `like` (so they never
 * diff), or with `enums` instead.
 */
export function schemaWith(like: DatabaseSchema, tables: DatabaseTable[], ctx: DialectContext, enums: NativeEnums = like.getNativeEnums()): DatabaseSchema {
  const schema = new DatabaseSchema(ctx.platform, like.name);
  schema.setNativeEnums(enums);
  schema.setNamespaces(new Set(like.getNamespaces()));
  schema.setTables(tables);
  return schema;
}

/** An empty schema for offline compiling. */
export function emptySchema(ctx: DialectContext): DatabaseSchema {
  const schema = new DatabaseSchema(ctx.platform, ctx.schemaName ?? "");
  if (ctx.schemaName) schema.setNamespaces(new Set([ctx.schemaName]));
  return schema;
}

/** Finds a table by its unqualified name. */
export function findTable(schema: DatabaseSchema, name: string): DatabaseTable | undefined {
  return schema.getTables().find((t) => t.name === name);
}

/**
 * Pending changes to a schema: read tables through it, `edit` copies a table on first write.
 *
 * @example
 * ```ts
 * const draft = new Draft(state, ctx);
 * draft.edit("user").removeColumn("age");
 * const { from, to } = draft.touched(); // only "user", before and after
 * state = draft.commit();
 * ```
 */
export class Draft {
  readonly #base: DatabaseSchema;
  readonly #ctx: DialectContext;
  /** Touched tables by original name: the new version, or null once dropped. */
  readonly #changes = new Map<string, DatabaseTable | null>();
  /** The native enum types once one is created, changed or dropped (copied on first write). */
  #enums: NativeEnums | undefined;

  constructor(base: DatabaseSchema, ctx: DialectContext) {
    this.#base = base;
    this.#ctx = ctx;
  }

  /** The table as the draft sees it, or undefined. */
  get(name: string): DatabaseTable | undefined {
    if (this.#changes.has(name)) return this.#changes.get(name) ?? undefined;
    return findTable(this.#base, name);
  }

  /** The table, or a `WF_ERR_MIGRATE_UNKNOWN_OBJECT` naming what needed it. */
  require(name: string, what: string): DatabaseTable {
    const table = this.get(name);
    if (!table) throw new MigrateError("WF_ERR_MIGRATE_UNKNOWN_OBJECT", `${what}: table ${name} does not exist; check the table name or the revision order`);
    return table;
  }

  /** Every table the draft sees. */
  tables(): DatabaseTable[] {
    const names = new Set([...this.#base.getTables().map((t) => t.name), ...this.#changes.keys()]);
    return [...names].map((n) => this.get(n)).filter((t): t is DatabaseTable => t !== undefined);
  }

  /** A writable copy of an existing table. */
  edit(name: string, what: string): DatabaseTable {
    const current = this.require(name, what);
    if (this.#changes.get(name) === current) return current;
    const copy = cloneTable(current, this.#ctx);
    this.#changes.set(name, copy);
    return copy;
  }

  /** Adds a new, empty table. */
  create(name: string, what: string): DatabaseTable {
    if (this.get(name)) {
      throw new MigrateError("WF_ERR_MIGRATE_DUPLICATE_OBJECT", `${what}: table ${name} already exists; drop it first or pick another name`);
    }
    const table = new DatabaseTable(this.#ctx.platform, name, this.#base.name || undefined);
    table.nativeEnums = this.#base.getNativeEnums();
    this.#changes.set(name, table);
    return table;
  }

  /** Renames a table (a copy under the new name replaces it). */
  rename(name: string, to: string, what: string): DatabaseTable {
    const current = this.require(name, what);
    if (this.get(to)) {
      throw new MigrateError("WF_ERR_MIGRATE_DUPLICATE_OBJECT", `${what}: table ${to} already exists; drop it first or pick another name`);
    }
    const copy = cloneTable(current, this.#ctx, to);
    this.#changes.set(name, null);
    this.#changes.set(to, copy);
    return copy;
  }

  /** The native enum types (PostgreSQL) as the draft sees them, by key. */
  enums(): NativeEnums {
    return this.#enums ?? this.#base.getNativeEnums();
  }

  /** Creates or replaces a native enum type. */
  setEnum(key: string, type: NativeEnums[string]): void {
    this.#enums = { ...this.enums(), [key]: { ...type, items: [...type.items] } };
  }

  /** Removes a native enum type. */
  dropEnum(key: string): void {
    const { [key]: _gone, ...rest } = this.enums();
    this.#enums = rest;
  }

  /** Removes a table. */
  drop(name: string, what: string): void {
    this.require(name, what);
    this.#changes.set(name, null);
  }

  /** The touched tables only, before (`from`) and after (`to`), as schemas to compare. */
  touched(): { from: DatabaseSchema; to: DatabaseSchema } {
    const from: DatabaseTable[] = [];
    const to: DatabaseTable[] = [];
    for (const [name, table] of this.#changes) {
      const before = findTable(this.#base, name);
      if (before) from.push(before);
      if (table) to.push(table);
    }
    return { from: schemaWith(this.#base, from, this.#ctx), to: schemaWith(this.#base, to, this.#ctx, this.enums()) };
  }

  /** The whole schema with the changes applied. */
  commit(): DatabaseSchema {
    const tables: DatabaseTable[] = [];
    for (const table of this.#base.getTables()) {
      if (!this.#changes.has(table.name)) tables.push(table);
      else if (this.#changes.get(table.name)) tables.push(this.#changes.get(table.name)!);
    }
    for (const [name, table] of this.#changes) {
      if (table && !findTable(this.#base, name)) tables.push(table);
    }
    return schemaWith(this.#base, tables, this.#ctx, this.enums());
  }
}
