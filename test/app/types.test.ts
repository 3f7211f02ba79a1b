/**
 * Compile-time checks of the public API, run by `tsc --noEmit` (this file's assertions are
 * types; the runtime test only keeps the file in the suite). `@ts-expect-error` lines are
 * the negative cases: they fail the type check if the error disappears.
 */
import { test } from "node:test";
import { Fluid, HTMLResponse, registerConfig, type FluidConfig, type Request } from "../../src/index.ts";
import { testConfig } from "../../src/testing/index.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

declare module "../../src/index.ts" {
  interface FluidConfig {
    TYPES_TEST_KEY: "a" | "b";
  }
}

test("public API types", () => {
  const app = new Fluid(process.cwd(), { config: testConfig() });

  expectType<Equal<ReturnType<typeof app.config.get<"PORT">>, number>>(true);
  expectType<Equal<FluidConfig["HOST"], string>>(true);
  expectType<Equal<FluidConfig["TYPES_TEST_KEY"], "a" | "b">>(true);
  const unknownKey: unknown = app.config.get("SOMETHING_ELSE");
  void unknownKey;

  // the seed's style returns the handler; the direct styles return the app
  const handler = app.get("/", { responseClass: HTMLResponse })(async () => "hi");
  expectType<Equal<typeof handler, () => Promise<string>>>(true);
  const chained: Fluid = app.put("/x", (request: Request) => request.queryParams.get("id"));
  void chained;
  // a handler's request knows its app: typed config access without a cast
  app.get("/port", (request: Request) => {
    expectType<Equal<typeof request.app, Fluid>>(true);
    return request.app.config.get("PORT") + 1;
  });

  // Never called: these lines only have to fail the type check.
  const negative = () => {
    // @ts-expect-error a handler takes a Request, not a number
    app.get("/bad", (n: number) => n);
    // @ts-expect-error route options are checked
    app.get("/bad", { responseClas: HTMLResponse });
    // @ts-expect-error a priority is a number
    registerConfig("10");
  };
  void negative;

  class Config1 {
    A = 1;
  }
  const registered: typeof Config1 = registerConfig(1, Config1);
  void registered;
});
