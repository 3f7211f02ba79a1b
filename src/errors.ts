import type { ErrorCode } from "./error-codes.ts";

/**
 * The base of every error WebFluid raises on purpose.
 *
 * Every code is declared once, with what it means and how to fix it, in `src/error-codes.ts`;
 * each area has a subclass that accepts only its own codes (`ConfigError` takes
 * `WF_ERR_CONFIG_*`). The message is one line that says what is wrong, where, and how to fix
 * it: the CLI prints it as is, without a stack trace.
 */
export class WebFluidError<Code extends ErrorCode = ErrorCode> extends Error {
  /** Stable, documented identifier, e.g. `WF_ERR_CONFIG_NO_ROOT`. */
  readonly code: Code;
  /**
   * Set on errors that client input can cause (a non-numeric id reaching a query): the
   * HTTP status a handler that lets the error escape answers with, instead of a 500.
   */
  readonly statusCode: number | undefined;

  constructor(code: Code, message: string, options?: ErrorOptions & { statusCode?: number }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
    this.statusCode = options?.statusCode;
  }
}

/** True for errors WebFluid raised on purpose (they carry a code and a one-line message). */
export function isWebFluidError(error: unknown): error is WebFluidError {
  return error instanceof WebFluidError;
}
