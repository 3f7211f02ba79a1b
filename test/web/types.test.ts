/**
 * Compile-time checks of the web features' public types, run by `tsc --noEmit`;
 * `@ts-expect-error` lines are the negative cases.
 */
import { test } from "node:test";
import { Fluid, type FluidConfig, type SecurityHeadersOptions } from "../../src/index.ts";
import { testConfig } from "../../src/testing/index.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

test("web route options and config keys are typed", () => {
  const app = new Fluid(process.cwd(), { config: testConfig() });
  const widget: SecurityHeadersOptions = { frameOptions: false, contentSecurityPolicy: "default-src 'self'", crossOriginResourcePolicy: "cross-origin" };
  app.get("/widget", { securityHeaders: widget, rateLimit: "5/minute" }, () => "w");
  app.post("/open", { securityHeaders: false, rateLimit: false }, () => "o");

  expectType<Equal<FluidConfig["CORS_ORIGINS"], readonly string[] | undefined>>(true);
  expectType<Equal<FluidConfig["RATELIMIT_DEFAULT"], string | undefined>>(true);
  expectType<Equal<FluidConfig["SECURE_HSTS_SECONDS"], number>>(true);

  // Never called: these lines only have to fail the type check.
  const negative = () => {
    // @ts-expect-error X-Frame-Options has two values
    app.get("/a", { securityHeaders: { frameOptions: "ALLOW-FROM" } }, () => 1);
    // @ts-expect-error securityHeaders is false or an object, never true
    app.get("/b", { securityHeaders: true }, () => 1);
    // @ts-expect-error a limit is text: "5/minute"
    app.get("/c", { rateLimit: 5 }, () => 1);
  };
  void negative;
});
