/** The app: Fluid, routing, requests, responses, templates, lifecycle. */
export { log, type ContextLog } from "./context-log.ts";
export { AppError, AppErrorCode } from "./errors.ts";
export { Fluid, isFluid, type FluidOptions } from "./fluid.ts";
export { HTTPException } from "./http-exception.ts";
export type { LifecycleHook } from "./lifecycle.ts";
export { createAppFromConfig, loadApp, mainFile } from "./load.ts";
export type { OpenAPIDocument } from "./openapi/document.ts";
export { Request } from "./request.ts";
export {
  FileResponse,
  HTMLResponse,
  JSONResponse,
  PlainTextResponse,
  RedirectResponse,
  render,
  Response,
  StreamingResponse,
  TemplateResponse,
  type FileResponseInit,
  type ResponseInit,
} from "./responses.ts";
export type { Handler, RequestOf, ResponseClass, RouteDecorator, RouteInfo, RouteMethod, RouteOptions } from "./routing.ts";
export type { ServeOptions } from "./serve.ts";
export type { TemplateFilter, TemplateTest } from "./templates.ts";
export type { RouteInput, RouteSchemas } from "./route-schemas.ts";
export { Router, type RouterOptions } from "./router.ts";
export type { RouterHook } from "./router-hooks.ts";
export type { ValidationIssue } from "./validation-errors.ts";
