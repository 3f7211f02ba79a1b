/**
 * SQLite with one storage for dates. MikroORM keeps a `Date` on SQLite as epoch
 * milliseconds (an integer), but a `current_timestamp` server default writes text
 * (`'2026-12-02 19:06:56'`, in UTC): one column would hold both, so comparing such a column
 * with a `Date` (`where({ createdAt: { $lt: date } })`) or sorting it mixes numbers and text,
 * and the text is read back in the machine's local time zone. Here `current_timestamp` (and
 * `now()`) as a default becomes the epoch-milliseconds expression, so SQLite stores every date
 * the way MikroORM writes and reads them.
 */
import { SqlitePlatform, SqliteSchemaHelper } from "@mikro-orm/sql";

/** The default SQLite gets for `current_timestamp`: now, in epoch milliseconds. */
export const SQLITE_NOW = "(cast(unixepoch('subsec') * 1000 as integer))";

const CURRENT_TIMESTAMP = /^\(?\s*(current_timestamp|now\(\s*\))\s*(\(\s*\d*\s*\))?\s*\)?$/i;

/** True for the neutral spellings of "now" as a column default. */
export function isCurrentTimestamp(sql: string): boolean {
  return CURRENT_TIMESTAMP.test(sql.trim());
}

class EpochSqliteSchemaHelper extends SqliteSchemaHelper {
  override normalizeDefaultValue(defaultValue: Parameters<SqliteSchemaHelper["normalizeDefaultValue"]>[0], length?: number): string | number {
    if (typeof defaultValue === "string" && isCurrentTimestamp(defaultValue)) return SQLITE_NOW;
    return super.normalizeDefaultValue(defaultValue, length);
  }
}

export class EpochSqlitePlatform extends SqlitePlatform {
  protected override readonly schemaHelper: SqliteSchemaHelper = new EpochSqliteSchemaHelper(this);
}
