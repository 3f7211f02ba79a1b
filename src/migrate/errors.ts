/**
 * Errors raised by Migrate. Each code is stable and documented; each message is one line
 * saying what is wrong, where, and how to fix it.
 */
import { ERROR_CODES, type ErrorCodeOf } from "../error-codes.ts";
import { WebFluidError } from "../errors.ts";

/** The codes Migrate raises, keyed by full code, with what each means and how to fix it. */
export const MIGRATE_ERROR_CODES = ERROR_CODES.migrate;

/** A stable Migrate error code: `"WF_ERR_MIGRATE_UNKNOWN_REVISION"`, ... */
export type MigrateErrorCode = ErrorCodeOf<"migrate">;

/**
 * An error Migrate raises on purpose: a stable `code` and a one-line message.
 *
 * @example
 * ```ts
 * throw new MigrateError("WF_ERR_MIGRATE_UNKNOWN_OBJECT",
 *   'dropColumn: table "user" has no column "age"; check the revision or the database');
 * ```
 */
export class MigrateError extends WebFluidError<MigrateErrorCode> {}
