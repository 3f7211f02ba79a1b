/**
 * Compile-time checks of the web features' public types (sessions, cookies, route options,
 * config keys), run by `tsc --noEmit`; `@ts-expect-error` lines are the negative cases.
 */
import { test } from "node:test";
import { Fluid, HTMLResponse, type CookieOptions, type FluidConfig, type Request, type SecurityHeadersOptions, type Session, type SessionValue } from "../../src/index.ts";
import { testConfig } from "../../src/testing/index.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

declare module "../../src/index.ts" {
  interface SessionData {
    typesTestUserId: number;
  }
}

test("session and cookie types", () => {
  const handler = (request: Request) => {
    const session: Session = request.session;
    expectType<Equal<ReturnType<typeof session.get<"typesTestUserId">>, number | undefined>>(true);
    expectType<Equal<ReturnType<typeof session.get<"undeclared">>, SessionValue | undefined>>(true);
    session.set("typesTestUserId", 7);
    // @ts-expect-error a declared key takes its declared type
    session.set("typesTestUserId", "7");
    session.set("cart", [{ id: 1, qty: 2 }]);
    // @ts-expect-error sessions hold JSON values, not functions
    session.set("callback", () => 1);
    // @ts-expect-error nor dates (store an ISO string)
    session.set("when", new Date());
    for (const [key, value] of session) expectType<Equal<[typeof key, typeof value], [string, SessionValue]>>(true);
    const token: string = request.csrfToken();
    const signed: string | undefined = request.signedCookie("a");
    const options: CookieOptions = { sameSite: "strict", maxAge: 60, signed: true };
    // @ts-expect-error sameSite is one of lax, strict, none
    const bad: CookieOptions = { sameSite: "sometimes" };
    return new HTMLResponse(token + signed + String(bad)).setCookie("a", "b", options).deleteCookie("c", { path: "/" });
  };
  void handler;
});

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
