import { codesByName, type ErrorCodeOf } from "../error-codes.ts";
import { WebFluidError } from "../errors.ts";

/**
 * The `WF_ERR_DB_*` codes by short name: `DbErrorCode.UNREACHABLE`. `docs/db.md` also lists
 * each of them with its cause and fix, and a test keeps the two in step.
 */
export const DbErrorCode = codesByName("db");
/** One of the `WF_ERR_DB_*` codes. */
export type DbErrorCode = ErrorCodeOf<"db">;

/**
 * A database mistake: a bad URI, an unreachable server, a model on the wrong bind, ...
 * The message is one line saying what is wrong, where (the config key, bind or model) and
 * how to fix it.
 *
 * @example
 * ```ts
 * try { await db.connect(); } catch (error) {
 *   if (error instanceof DbError && error.code === "WF_ERR_DB_UNREACHABLE") process.exit(1);
 * }
 * ```
 */
export class DbError extends WebFluidError<DbErrorCode> {
  constructor(code: DbErrorCode, message: string, options?: ErrorOptions & { statusCode?: number }) {
    super(code, oneLine(message), options);
  }
}

/** Collapses whitespace so that driver messages quoted in ours stay on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
