import { WebFluidError } from "../errors.ts";

/** Codes of every extension error, declared once. */
export const ExtErrorCode = {
  UNKNOWN_BUILTIN: "WF_ERR_EXT_UNKNOWN_BUILTIN",
  LOAD_FAILED: "WF_ERR_EXT_LOAD_FAILED",
  NO_EXTENSION: "WF_ERR_EXT_NO_EXTENSION",
  UNKNOWN_COMMAND: "WF_ERR_EXT_UNKNOWN_COMMAND",
} as const;

export type ExtErrorCode = (typeof ExtErrorCode)[keyof typeof ExtErrorCode];

/** A mistake in enabling or loading an extension. */
export class ExtError extends WebFluidError<ExtErrorCode> {}
