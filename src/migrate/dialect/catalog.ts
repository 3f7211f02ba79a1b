/**
 * Questions to a database's catalog that Migrate's runtime asks in plain SQL, one spelling per
 * database. Each statement takes the object's name as its one `?` parameter and returns a
 * row when the answer is yes.
 */
import type { Dialect } from "../vocabulary/index.ts";

const TABLE_EXISTS: Record<Dialect, string> = {
  // SQLite compares table names without regard to case, as it resolves them.
  sqlite: "select 1 as present from sqlite_master where type = 'table' and name = ? collate nocase",
  // to_regclass resolves the name as an unquoted identifier in a statement would: folded to
  // lower case and looked up along the search_path.
  postgresql: "select 1 as present where to_regclass(?) is not null",
  mysql: "select 1 as present from information_schema.tables where table_schema = database() and table_name = ?",
};

/**
 * SQL returning a row when a table of that (unquoted) name exists in the connection's
 * database or schema, so callers need not run a query and interpret its failure.
 *
 * @example
 * ```ts
 * const rows = await connection.execute(tableExistsSql("postgresql"), ["wf_migrate_version"], "all");
 * const exists = rows.length > 0;
 * ```
 */
export function tableExistsSql(dialect: Dialect): string {
  return TABLE_EXISTS[dialect];
}
