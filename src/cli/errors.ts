import { codesByName, type ErrorCodeOf } from "../error-codes.ts";
import { WebFluidError } from "../errors.ts";

/** The `WF_ERR_CLI_*` codes by short name: `CliErrorCode.TARGET_NOT_EMPTY`. */
export const CliErrorCode = codesByName("cli");
/** One of the `WF_ERR_CLI_*` codes. */
export type CliErrorCode = ErrorCodeOf<"cli">;

/** A mistake in how a `wf` command was called. */
export class CliError extends WebFluidError<CliErrorCode> {}
