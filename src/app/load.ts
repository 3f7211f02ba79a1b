/**
 * Loading an app the way `wf` does: its config (with `config.ts`), then `<PACKAGE>/main.ts`,
 * then the factory (FACTORY, default `createApp`), which must return a Fluid.
 */
import { existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { assertEsModules, describeLoadError, loadConfig, type Config, type LoadConfigOptions } from "../config/index.ts";
import { WebFluidError } from "../errors.ts";
import { withLoadingConfig } from "./loading-config.ts";
import { AppError, AppErrorCode } from "./errors.ts";
import { isFluid, type Fluid } from "./fluid.ts";

/** The app's `main.ts` (or `main.js`/`main.mts`), or a clear error. */
export function mainFile(config: Config): string {
  const packageName = config.get("PACKAGE");
  const dir = join(config.root, packageName);
  for (const name of ["main.ts", "main.mts", "main.js", "main.mjs"]) {
    const file = join(dir, name);
    if (existsSync(file)) return file;
  }
  throw new AppError(
    AppErrorCode.MAIN_MISSING,
    `${packageName}/main.ts not found (PACKAGE = ${packageName}); create it with "export function createApp(): Fluid", or set PACKAGE in app_configs/${config.name}.ini`,
  );
}

/** Imports main.ts and calls the factory, with `config` active for `new Fluid(import.meta)`. */
export async function createAppFromConfig(config: Config): Promise<Fluid> {
  const file = mainFile(config);
  assertEsModules(dirname(file), config.root);
  const shown = relative(config.root, file);
  const factoryName = config.get("FACTORY");
  return withLoadingConfig(config, async () => {
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      throw new AppError(AppErrorCode.MAIN_LOAD_FAILED, `could not load ${shown}: ${describeLoadError(error)}`, { cause: error });
    }
    const factory = module[factoryName];
    if (typeof factory !== "function") {
      const exported = Object.keys(module).filter((key) => typeof module[key] === "function");
      throw new AppError(
        AppErrorCode.FACTORY_MISSING,
        `${shown} has no exported function ${factoryName} (FACTORY); ` +
          (exported.length ? `its exported functions: ${exported.join(", ")}` : `add "export function ${factoryName}(): Fluid"`),
      );
    }
    let app: unknown;
    try {
      app = await (factory as () => unknown)();
    } catch (error) {
      if (error instanceof WebFluidError) throw error;
      throw new AppError(AppErrorCode.FACTORY_FAILED, `${factoryName}() in ${shown} threw: ${describeLoadError(error)}`, { cause: error });
    }
    if (!isFluid(app)) {
      throw new AppError(
        AppErrorCode.FACTORY_RESULT,
        `${factoryName}() in ${shown} returned ${describeValue(app)}, not a Fluid; return the app: "const app = new Fluid(import.meta); ...; return app"`,
      );
    }
    return app;
  });
}

/** Loads config and app in one go (as `wf run` does), and prepares the app. */
export async function loadApp(options: LoadConfigOptions): Promise<Fluid> {
  const config = await loadConfig(options);
  const app = await createAppFromConfig(config);
  await app.prepare();
  return app;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "object") return `an object (${value.constructor?.name ?? "Object"})`;
  return `a ${typeof value}`;
}
