/**
 * Which extensions an app config enables: built-in ones by `EXT_<NAME> = 1` (from the table
 * of built-ins), third-party ones listed in `EXTENSIONS = pkg-name, ./extension/main.ts`.
 */
import { createRequire } from "node:module";
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Config } from "../config/index.ts";
import { describeLoadError } from "../config/index.ts";
import { builtinExtensions } from "./builtin-extensions.ts";
import { ExtError, ExtErrorCode } from "./errors.ts";
import { Extension } from "./extension.ts";

type ExtensionModule = Readonly<Record<string, unknown>>;

/**
 * The extensions `config` enables: built-in ones in their start order (the database before
 * the scheduler, so running jobs finish while their database is still open), then those
 * listed in EXTENSIONS.
 */
export async function enabledExtensions(config: Config): Promise<Extension[]> {
  const builtins = builtinExtensions();
  for (const { key, value, source } of config.entries()) {
    if (key.startsWith("EXT_") && value === true && !builtins.some((b) => `EXT_${b.name}` === key)) {
      const known = builtins.map((b) => b.name).sort();
      throw new ExtError(
        ExtErrorCode.UNKNOWN_BUILTIN,
        `${key} (${source}) names no built-in extension; built-in: ${known.map((n) => `EXT_${n}`).join(", ") || "none"}; list third-party extensions in EXTENSIONS instead`,
      );
    }
  }
  const extensions: Extension[] = [];
  for (const builtin of builtins) {
    if (config.get(`EXT_${builtin.name}`) === true) extensions.push(await builtin.load());
  }
  for (const spec of config.get("EXTENSIONS") ?? []) {
    extensions.push(pickExtension(await importExtension(spec, config.root), spec));
  }
  return extensions;
}

async function importExtension(spec: string, root: string): Promise<ExtensionModule> {
  const isPath = spec.startsWith(".") || isAbsolute(spec);
  try {
    const file = isPath ? resolve(root, spec) : createRequire(join(root, "package.json")).resolve(spec);
    return (await import(pathToFileURL(file).href)) as ExtensionModule;
  } catch (error) {
    throw new ExtError(
      ExtErrorCode.LOAD_FAILED,
      `could not load extension ${JSON.stringify(spec)} from EXTENSIONS: ${describeLoadError(error)}`,
      { cause: error },
    );
  }
}

/** The module's default export, or its one exported Extension (class or instance). */
function pickExtension(module: ExtensionModule, origin: string): Extension {
  const candidates = "default" in module ? [module.default] : Object.values(module);
  const found = candidates.flatMap((value) => {
    if (value instanceof Extension) return [value];
    if (typeof value === "function" && value.prototype instanceof Extension) {
      return [new (value as new () => Extension)()];
    }
    return [];
  });
  if (found.length === 1) return found[0]!;
  throw new ExtError(
    ExtErrorCode.NO_EXTENSION,
    found.length === 0
      ? `${origin}: the module exports no Extension; export a class extending Extension (or an instance) as default`
      : `${origin}: the module exports ${found.length} extensions; make the one to load its default export`,
  );
}
