import { codesByName, type ErrorCodeOf } from "../error-codes.ts";
import { WebFluidError } from "../errors.ts";

/** The `WF_ERR_WEB_*` codes by short name: `WebErrorCode.NO_SECRET_KEY`. */
export const WebErrorCode = codesByName("web");
/** One of the `WF_ERR_WEB_*` codes. */
export type WebErrorCode = ErrorCodeOf<"web">;

/** A mistake in using cookies, sessions or CSRF protection, or in their config. */
export class WebError extends WebFluidError<WebErrorCode> {}

/** The error of every feature that needs SECRET_KEY; `what` says which one was used. */
export function noSecretKey(what: string): WebError {
  return new WebError(
    WebErrorCode.NO_SECRET_KEY,
    `${what} needs SECRET_KEY, and the app config has none: set SECRET_KEY to a long random string in app_configs/<app>.ini or WF_SECRET_KEY (the same on every process of the app)`,
  );
}
