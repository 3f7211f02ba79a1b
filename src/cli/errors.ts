import { WebFluidError } from "../errors.ts";

/** Codes of errors the command line itself raises, declared once. */
export const CliErrorCode = {
  TARGET_NOT_EMPTY: "WF_ERR_CLI_TARGET_NOT_EMPTY",
  WORKERS_FAILED: "WF_ERR_CLI_WORKERS_FAILED",
  PACK_FAILED: "WF_ERR_CLI_PACK_FAILED",
} as const;

export type CliErrorCode = (typeof CliErrorCode)[keyof typeof CliErrorCode];

/** A mistake in how a `wf` command was called. */
export class CliError extends WebFluidError<CliErrorCode> {}
