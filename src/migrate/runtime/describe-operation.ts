/**
 * One short line per operation, as the progress table records it and messages about an
 * interrupted revision show it: `addColumn my_model.extra`, `execute "update ..."`.
 */
import type { Operation } from "../vocabulary/index.ts";

const SQL_SHOWN = 60;

export function describeOperation(operation: Operation): string {
  switch (operation.kind) {
    case "createTable":
    case "dropTable":
    case "dropPrimaryKey":
    case "setTableComment":
      return `${operation.kind} ${operation.table}`;
    case "renameTable":
      return `renameTable ${operation.table} to ${operation.to}`;
    case "addColumn":
      return `addColumn ${operation.table}.${operation.column.name}`;
    case "dropColumn":
    case "alterColumn":
      return `${operation.kind} ${operation.table}.${operation.column}`;
    case "renameColumn":
      return `renameColumn ${operation.table}.${operation.column} to ${operation.to}`;
    case "createIndex":
    case "createUnique":
    case "createForeignKey":
    case "dropIndex":
    case "dropUnique":
    case "dropForeignKey":
    case "createCheckConstraint":
    case "dropCheckConstraint":
      return `${operation.kind} ${operation.table}.${operation.name}`;
    case "createPrimaryKey":
      return `createPrimaryKey ${operation.table} (${operation.columns.join(", ")})`;
    case "bulkInsert":
      return `bulkInsert ${operation.table} (${operation.rows.length} row(s))`;
    case "execute":
    case "query":
      return `${operation.kind} ${JSON.stringify(shorten(operation.sql))}`;
  }
}

function shorten(sql: string): string {
  const flat = sql.replace(/\s+/g, " ").trim();
  return flat.length > SQL_SHOWN ? `${flat.slice(0, SQL_SHOWN - 3)}...` : flat;
}
