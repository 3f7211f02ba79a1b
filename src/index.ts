/**
 * WebFluid: a batteries-included web framework for TypeScript.
 *
 * The whole public API of the `webfluid` entry point; areas with their own entry points:
 * `webfluid/db`, `webfluid/scheduler`, `webfluid/migrate`, `webfluid/testing`.
 */
import "./builtins.ts";
export {
  AppError,
  AppErrorCode,
  FileResponse,
  Fluid,
  HTMLResponse,
  HTTPException,
  JSONResponse,
  log,
  PlainTextResponse,
  RedirectResponse,
  render,
  Request,
  Response,
  Router,
  StreamingResponse,
  TemplateResponse,
  type FileResponseInit,
  type ContextLog,
  type FluidOptions,
  type Handler,
  type LifecycleHook,
  type RequestOf,
  type ResponseClass,
  type ResponseInit,
  type RouteDecorator,
  type RouteInfo,
  type RouteMethod,
  type RouteInput,
  type RouteOptions,
  type RouteSchemas,
  type RouterHook,
  type RouterOptions,
  type OpenAPIDocument,
  type ServeOptions,
  type TemplateFilter,
  type TemplateTest,
  type ValidationIssue,
} from "./app/index.ts";
export { Config, ConfigError, ConfigErrorCode, registerConfig, type FluidConfig } from "./config/index.ts";
export { Extension, ExtError, ExtErrorCode, type ExtensionCommand } from "./ext/index.ts";
export { describeError, type ErrorArea, type ErrorCode, type ErrorDescription } from "./error-codes.ts";
export { isWebFluidError, WebFluidError } from "./errors.ts";
export {
  Session,
  WebError,
  WebErrorCode,
  type CookieOptions,
  type DeleteCookieOptions,
  type SessionData,
  type SessionValue,
  type SessionValueOf,
} from "./web/public.ts";
export type { SecurityHeadersOptions } from "./web/index.ts";
