import { WebFluidError } from "../errors.ts";

/** Codes of every app-loading and serving error, declared once. */
export const AppErrorCode = {
  MAIN_MISSING: "WF_ERR_APP_MAIN_MISSING",
  MAIN_LOAD_FAILED: "WF_ERR_APP_MAIN_LOAD_FAILED",
  FACTORY_MISSING: "WF_ERR_APP_FACTORY_MISSING",
  FACTORY_RESULT: "WF_ERR_APP_FACTORY_RESULT",
  FACTORY_FAILED: "WF_ERR_APP_FACTORY_FAILED",
  PORT_IN_USE: "WF_ERR_APP_PORT_IN_USE",
  LISTEN_FAILED: "WF_ERR_APP_LISTEN_FAILED",
  BAD_ROUTE: "WF_ERR_APP_BAD_ROUTE",
  BAD_RESPONSE: "WF_ERR_APP_BAD_RESPONSE",
  NO_CONTEXT: "WF_ERR_APP_NO_CONTEXT",
} as const;

export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

/** A mistake in the app package (main.ts, its factory, routes) or in serving it. */
export class AppError extends WebFluidError<AppErrorCode> {}
