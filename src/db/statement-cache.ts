/**
 * Prepared statements kept per SQLite connection. Kysely prepares every query anew, and a
 * better-sqlite3 `prepare` is SQLite's parse and plan plus a compiled row-building function:
 * on a one-row read that is about a fifth of the request. Statements are looked up by their
 * SQL text, which holds no values (they are bound, see bound-parameters.ts), so a route's
 * query is compiled once.
 *
 * Cached statements stay correct across schema changes: SQLite re-prepares a statement whose
 * schema changed, and better-sqlite3 rebuilds its row shape when that happens. A statement
 * that is still being iterated (a stream) is busy and is never handed out twice.
 *
 * A hit costs one Map lookup: the recency of a statement is a number written on its entry
 * (the least recently used is looked for only when one must go), and `busy`, a call into
 * the addon, is asked only of statements that have been iterated, the only ones it can be
 * true of (better-sqlite3 locks a statement only while an iterator runs over it).
 */

/** What is used of a better-sqlite3 `Database` and its statements. */
interface StatementSource {
  prepare(sql: string): { readonly busy: boolean; iterate(...parameters: never[]): unknown };
}

/** Statements kept per connection: the distinct queries of an app, with room to spare. */
const CACHE_SIZE = 200;

interface Entry<Statement> {
  readonly statement: Statement;
  /** When it was last handed out (a counter, not a time). */
  used: number;
  /** Whether `iterate` was ever called on it: only then can it be busy. */
  iterated: boolean;
}

/** Makes `database.prepare` reuse statements, least recently used evicted first. */
export function cacheStatements<Source extends StatementSource>(database: Source, size = CACHE_SIZE): void {
  type Statement = ReturnType<Source["prepare"]>;
  const prepare = database.prepare.bind(database) as (sql: string) => Statement;
  const entries = new Map<string, Entry<Statement>>();
  let clock = 0;
  const cached = (sql: string): Statement => {
    const hit = entries.get(sql);
    if (hit && !(hit.iterated && hit.statement.busy)) {
      hit.used = ++clock;
      return hit.statement;
    }
    const statement = prepare(sql);
    // The cached one is busy: this one serves this call only.
    if (hit) return statement;
    const entry: Entry<Statement> = { statement, used: ++clock, iterated: false };
    const iterate = statement.iterate;
    statement.iterate = function (this: Statement, ...parameters: never[]) {
      entry.iterated = true;
      return iterate.apply(this, parameters);
    };
    entries.set(sql, entry);
    if (entries.size > size) evictLeastRecentlyUsed(entries);
    return statement;
  };
  database.prepare = cached;
}

function evictLeastRecentlyUsed(entries: Map<string, Entry<unknown>>): void {
  let oldest: string | undefined;
  let used = Infinity;
  for (const [sql, entry] of entries) {
    if (entry.used < used) {
      used = entry.used;
      oldest = sql;
    }
  }
  if (oldest !== undefined) entries.delete(oldest);
}
