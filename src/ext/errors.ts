import { codesByName, type ErrorCodeOf } from "../error-codes.ts";
import { WebFluidError } from "../errors.ts";

/** The `WF_ERR_EXT_*` codes by short name: `ExtErrorCode.LOAD_FAILED`. */
export const ExtErrorCode = codesByName("ext");
/** One of the `WF_ERR_EXT_*` codes. */
export type ExtErrorCode = ErrorCodeOf<"ext">;

/** A mistake in enabling or loading an extension. */
export class ExtError extends WebFluidError<ExtErrorCode> {}
