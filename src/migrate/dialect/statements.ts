/**
 * Compiled SQL statements: what compiling an operation yields, how MikroORM's DDL text is cut
 * into statements, and how statements print for `--sql`.
 */
import type { Operation, SqlValue } from "../vocabulary/index.ts";
import type { DialectContext } from "./context.ts";

/** One SQL statement to run, with positional `?` parameters. */
export interface CompiledStatement {
  readonly sql: string;
  readonly params?: readonly SqlValue[];
  /** True for `op.query()`: the rows are the operation's result. */
  readonly returnsRows?: boolean;
  /** The operation this statement implements (for progress and error messages). */
  readonly operation: Operation;
}

/**
 * Cuts MikroORM's DDL script (`diffToSQL` output: `;`-terminated statements, one per line,
 * blank lines between groups) into statements without the trailing `;`. A line break inside a
 * quoted literal or identifier does not end a statement. `backslashEscapes` is MySQL's
 * string syntax (`'it\'s'`); elsewhere quotes are doubled.
 */
export function splitStatements(script: string, backslashEscapes = false): string[] {
  const statements: string[] = [];
  let current = "";
  let quote: string | undefined;
  for (let i = 0; i < script.length; i++) {
    const char = script[i]!;
    if (quote) {
      current += char;
      if (backslashEscapes && char === "\\" && quote === "'") {
        current += script[++i] ?? "";
      } else if (char === quote) {
        quote = undefined;
      }
      continue;
    }
    if (char === "'" || char === '"' || char === "`") {
      quote = char;
      current += char;
      continue;
    }
    if (char === "\n" && current.trimEnd().endsWith(";")) {
      statements.push(current);
      current = "";
      continue;
    }
    current += char;
  }
  statements.push(current);
  return statements.map((s) => s.trim().replace(/;$/, "").trim()).filter((s) => s.length > 0);
}

/** One statement as executable SQL text with its parameters inlined (for `--sql` and logs). */
export function formatStatement(statement: CompiledStatement, ctx: DialectContext): string {
  const params = statement.params ?? [];
  const sql = params.length > 0 ? ctx.platform.formatQuery(statement.sql, [...params]) : statement.sql;
  return `${sql};`;
}

/**
 * A whole script for `--sql`: each statement on its own line(s), ending with `;`.
 *
 * @example
 * ```ts
 * process.stdout.write(toSqlScript(compiler.compileAll(ops), compiler.context));
 * ```
 */
export function toSqlScript(statements: readonly CompiledStatement[], ctx: DialectContext): string {
  return statements.map((s) => `${formatStatement(s, ctx)}\n`).join("");
}
