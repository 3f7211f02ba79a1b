/** What the web layer adds to the `webfluid` entry point. */
export { WebError, WebErrorCode } from "./errors.ts";
export type { CookieOptions, DeleteCookieOptions } from "./cookies.ts";
export { Session, type SessionData, type SessionValue, type SessionValueOf } from "./session.ts";
