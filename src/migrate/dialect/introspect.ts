/**
 * Reading the live schema through MikroORM (`DatabaseSchema.create`), corrected where
 * MikroORM's MySQL driver misreads MariaDB so that a column MikroORM created compares equal
 * to its model.
 */
import type { Transaction } from "@mikro-orm/core";
import { DatabaseSchema, type AbstractSqlConnection, type DatabaseTable } from "@mikro-orm/sql";
import type { DialectContext } from "./context.ts";
import { expression } from "./neutralize.ts";
import { readDeclaredArguments } from "./sqlite-types.ts";

const mariaDb = new WeakMap<DialectContext, Promise<boolean>>();

/** True when a `mysql` context talks to MariaDB (asked once per context). */
export function isMariaDb(ctx: DialectContext, transaction?: Transaction): Promise<boolean> {
  if (ctx.dialect !== "mysql") return Promise.resolve(false);
  let known = mariaDb.get(ctx);
  if (!known) {
    known = ctx
      .connection()
      .execute<{ version: string }[]>("select version() as version", [], "all", transaction)
      .then((rows) => /mariadb/i.test(String(rows[0]?.version ?? "")));
    mariaDb.set(ctx, known);
  }
  return known;
}

/**
 * MariaDB reports column defaults as SQL (`NULL`, `'text'`), where MySQL 8 reports bare values;
 * MikroORM's MySQL helper quotes them once more for string columns (`'NULL'`, `'\'text\''`).
 * MariaDB also stores `json` as `longtext` with a `json_valid()` check named after the column.
 * It rewrites `length()` in checks as `octet_length()`.
 * All make a freshly created schema differ from its models; undo them.
 */
function fixMariaDbTable(table: DatabaseTable, ctx: DialectContext): void {
  const { platform } = ctx;
  const quotedNull = platform.quoteValue("NULL");
  const checks = table.getChecks();
  const jsonChecks = new Set<string>();
  for (const column of table.getColumns()) {
    if (column.default === "NULL" || column.default === quotedNull) {
      column.default = null;
    } else if (typeof column.default === "string" && /^'\\'.*\\''$/s.test(column.default)) {
      // quoteValue() escaped the quotes MariaDB already put there: unescape one level
      column.default = column.default.slice(1, -1).replace(/\\(.)/gs, "$1");
    }
    const check = checks.find((c) => c.name === column.name && typeof c.expression === "string" && /^json_valid\(`?\w+`?\)$/i.test(c.expression));
    if (check && /^longtext$/i.test(column.type)) {
      jsonChecks.add(check.name);
      column.type = "json";
      column.mappedType = platform.getMappedType("json");
      column.collation = undefined;
      column.length = undefined;
    }
  }
  if (jsonChecks.size > 0) table.setChecks(checks.filter((c) => !jsonChecks.has(c.name)));
  // MariaDB reports `length(x)` in a check as `octet_length(x)`, its meaning there
  for (const check of table.getChecks()) {
    if (typeof check.expression === "string") check.expression = check.expression.replace(/\boctet_length\(/gi, "length(");
  }
}

/**
 * SQLite reads declared types back as written by whoever created the table (`TEXT`) and
 * reports `no action` rules MikroORM never writes, and expression defaults without their
 * parentheses; table rebuilds copy all three into new DDL.
 * Normalise them so a rebuild reads the same whether the state came from the database or from
 * operations (offline).
 */
function fixSqliteTable(table: DatabaseTable): void {
  for (const column of table.getColumns()) {
    column.type = column.type.toLowerCase();
    readDeclaredArguments(column);
    // SQLite reports `default (1 + 2)` as `1 + 2`, which a rebuild could not write back
    if (typeof column.default === "string") column.default = expression(column.default);
  }
  const fks = Object.values(table.getForeignKeys()).map((fk) => ({
    ...fk,
    updateRule: fk.updateRule === "no action" ? undefined : fk.updateRule,
    deleteRule: fk.deleteRule === "no action" ? undefined : fk.deleteRule,
  }));
  table.setForeignKeys(Object.fromEntries(fks.map((fk) => [fk.constraintName, fk])));
}

/** Indexes in name order, wherever they come from, so generated DDL does not depend on history. */
export function sortIndexes(table: DatabaseTable): void {
  table.setIndexes([...table.getIndexes()].sort((a, b) => (a.keyName < b.keyName ? -1 : a.keyName > b.keyName ? 1 : 0)));
}

/**
 * The connection with `transaction` as the default context of every query. MikroORM 7.2.1's
 * SQLite helper reads triggers without passing the context along; on SQLite's single
 * connection that query would wait for the transaction holding it, forever.
 */
function bound(connection: AbstractSqlConnection, transaction: Transaction | undefined): AbstractSqlConnection {
  if (!transaction) return connection;
  const execute = connection.execute.bind(connection);
  return Object.assign(Object.create(connection) as AbstractSqlConnection, {
    execute: (query: string, params?: readonly unknown[], method?: "all" | "get" | "run", ctx?: Transaction) =>
      execute(query, params, method, ctx ?? transaction),
  });
}

/** Options of {@link introspect}. */
export interface IntrospectOptions {
  /** Read inside this transaction (the runtime's), so uncommitted DDL is seen. */
  readonly transaction?: Transaction;
}

/**
 * Reads the live schema of the ORM's database.
 *
 * @example
 * ```ts
 * const schema = await introspect(dialectContext(orm));
 * schema.getTables().map((t) => t.name);
 * ```
 */
export async function introspect(ctx: DialectContext, options: IntrospectOptions = {}): Promise<DatabaseSchema> {
  const { skipTables, skipViews } = ctx.config.get("schemaGenerator");
  // only the schema the models live in (PostgreSQL): other schemas, such as pg-boss's, are not ours
  const schemas = ctx.schemaName ? [ctx.schemaName] : undefined;
  const schema = await DatabaseSchema.create(
    bound(ctx.connection(), options.transaction),
    ctx.platform,
    ctx.config,
    undefined,
    schemas,
    undefined,
    skipTables,
    skipViews,
    options.transaction,
  );
  const mariaDb = await isMariaDb(ctx, options.transaction);
  for (const table of schema.getTables()) {
    if (mariaDb) fixMariaDbTable(table, ctx);
    if (ctx.dialect === "sqlite") fixSqliteTable(table);
    sortIndexes(table);
  }
  return schema;
}
