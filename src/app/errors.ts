import { codesByName, type ErrorCodeOf } from "../error-codes.ts";
import { WebFluidError } from "../errors.ts";

/** The `WF_ERR_APP_*` codes by short name: `AppErrorCode.MAIN_MISSING`. */
export const AppErrorCode = codesByName("app");
/** One of the `WF_ERR_APP_*` codes. */
export type AppErrorCode = ErrorCodeOf<"app">;

/** A mistake in the app package (main.ts, its factory, routes) or in serving it. */
export class AppError extends WebFluidError<AppErrorCode> {}
