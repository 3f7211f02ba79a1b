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
 */

/** What is used of a better-sqlite3 `Database` and its statements. */
interface StatementSource {
  prepare(sql: string): { readonly busy: boolean };
}

/** Statements kept per connection: the distinct queries of an app, with room to spare. */
const CACHE_SIZE = 200;

/** Makes `database.prepare` reuse statements, least recently used evicted first. */
export function cacheStatements<Source extends StatementSource>(database: Source, size = CACHE_SIZE): void {
  type Statement = ReturnType<Source["prepare"]>;
  const prepare = database.prepare.bind(database) as (sql: string) => Statement;
  const statements = new Map<string, Statement>();
  const cached = (sql: string): Statement => {
    const hit = statements.get(sql);
    if (hit && !hit.busy) {
      // Re-inserted, so that Map order is least recently used first.
      statements.delete(sql);
      statements.set(sql, hit);
      return hit;
    }
    const statement = prepare(sql);
    if (hit) return statement;
    statements.set(sql, statement);
    if (statements.size > size) statements.delete(statements.keys().next().value!);
    return statement;
  };
  database.prepare = cached;
}
