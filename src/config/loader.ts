/**
 * Loading an app config: one function per source (as Flask's Config has one loader per
 * source), stacked lowest to highest: framework defaults, config classes by priority,
 * `app_configs/<name>.ini`, `WF_*` environment variables, explicit overrides.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { BINDS_KEY } from "./binds.ts";
import { codeLayer, Config, type ConfigLayer, type LayerValue } from "./config.ts";
import { ConfigError, ConfigErrorCode } from "./errors.ts";
import { parseIni, type IniFile } from "./ini-file.ts";
import { canonicalKey, FRAMEWORK_DEFAULTS } from "./known-keys.ts";
import { isReservedEnv } from "./process-env.ts";
import { appConfigFile, assertEsModules, findProjectRoot } from "./project.ts";
import { collectConfigClasses, configClassesFor } from "./registry.ts";
import { convertTextAs } from "./values.ts";

/** Where to find the app config; `root` defaults to `WF_ROOT`, else the nearest folder holding `app_configs/`. */
export interface LoadConfigOptions {
  /** App config name: `app` reads `app_configs/app.ini`. */
  readonly name: string;
  readonly root?: string;
  /** Start of the project-root search when `root` is not given (default: cwd). */
  readonly cwd?: string;
  /** Defaults to `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Highest-precedence values (tests, CLI flags). */
  readonly overrides?: Readonly<Record<string, unknown>>;
}

/** The config sources that can be read without importing user code. */
export interface ConfigSources {
  readonly root: string;
  readonly name: string;
  readonly ini: IniFile;
  readonly env: NodeJS.ProcessEnv;
  readonly overrides: Readonly<Record<string, unknown>>;
  /** Absolute path of `<PACKAGE>/` and its `config.ts` (which may not exist). */
  readonly packageDir: string;
  readonly configFile: string;
}

/** Reads the ini file and environment: synchronous, imports nothing. */
export function readConfigSources(options: LoadConfigOptions): ConfigSources {
  const env = options.env ?? process.env;
  const root = options.root ?? findProjectRoot(options.cwd, env);
  const file = appConfigFile(root, options.name);
  const ini = parseIni(readFileSync(file, "utf8"), relative(root, file) || file, env);
  const packageName = String(
    options.overrides?.PACKAGE ?? env.WF_PACKAGE ?? ini.entries.find((e) => e.key === "PACKAGE")?.text ?? FRAMEWORK_DEFAULTS.PACKAGE,
  );
  const packageDir = join(root, packageName);
  return {
    root,
    name: options.name,
    ini,
    env,
    overrides: options.overrides ?? {},
    packageDir,
    configFile: join(packageDir, "config.ts"),
  };
}

/** Imports `<PACKAGE>/config.ts` (when it exists) so its classes register. */
export async function importConfigFile(sources: ConfigSources): Promise<void> {
  const { configFile, root } = sources;
  if (!existsSync(configFile)) return;
  assertEsModules(sources.packageDir, root);
  await collectConfigClasses(configFile, async () => {
    try {
      await import(pathToFileURL(configFile).href);
    } catch (error) {
      throw new ConfigError(
        ConfigErrorCode.LOAD_FAILED,
        `could not load ${relative(root, configFile)}: ${describeLoadError(error)}`,
        { cause: error },
      );
    }
  });
}

/** Stacks the layers into a Config, with the config classes registered so far. */
export function buildConfig(sources: ConfigSources): Config {
  return new Config({ root: sources.root, name: sources.name }, buildLayers(sources));
}

/** Every layer of the sources, lowest precedence first. */
export function buildLayers(sources: ConfigSources): ConfigLayer[] {
  const classLayers = configClassesFor(sources.configFile).map(({ configClass, priority }) =>
    codeLayer(`config class ${configClass.name} (priority ${priority})`, { ...new configClass() }),
  );
  return [
    codeLayer("default", FRAMEWORK_DEFAULTS, true),
    ...classLayers,
    iniLayer(sources.ini, classLayers),
    envLayer(sources.env),
    codeLayer("override", sources.overrides),
  ];
}

/** Loads an app config completely: sources, `config.ts`, layers. */
export async function loadConfig(options: LoadConfigOptions): Promise<Config> {
  const sources = readConfigSources(options);
  await importConfigFile(sources);
  return buildConfig(sources);
}

function iniLayer(ini: IniFile, below: readonly ConfigLayer[]): ConfigLayer {
  const values = new Map<string, LayerValue>();
  for (const entry of ini.entries) values.set(canonicalKey(entry.key), entry);
  if (ini.binds.length > 0) {
    // [binds] adds to the binds set below (config classes, or a JSON value in this file).
    const inFile = values.get(BINDS_KEY);
    values.set(BINDS_KEY, {
      value: {
        ...bindsBelow(below),
        ...(inFile?.text === undefined ? {} : (convertTextAs("object", inFile.text, inFile, BINDS_KEY) as object)),
        ...Object.fromEntries(ini.binds.map((b) => [b.key, b.text])),
      },
    });
  }
  return { source: ini.file, isDefault: false, values };
}

function bindsBelow(layers: readonly ConfigLayer[]): Record<string, unknown> {
  for (let i = layers.length - 1; i >= 0; i--) {
    const value = layers[i]!.values.get(BINDS_KEY);
    if (value?.text === undefined && value?.value && typeof value.value === "object") {
      return value.value as Record<string, unknown>;
    }
  }
  return {};
}

function envLayer(env: NodeJS.ProcessEnv): ConfigLayer {
  const values = new Map<string, LayerValue>();
  for (const [name, text] of Object.entries(env)) {
    if (!name.startsWith("WF_") || isReservedEnv(name) || text === undefined) continue;
    values.set(canonicalKey(name.slice(3)), { text, quoted: false, where: `environment variable ${name}` });
  }
  return { source: "environment", isDefault: false, values };
}

/** One line out of an import failure (esbuild's "Transform failed with 1 error:\n<file:line: ERROR ...>"). */
export function describeLoadError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const lines = error.message.split("\n").map((l) => l.trim()).filter(Boolean);
  const detail = lines.find((l) => /ERROR:|error TS|SyntaxError/.test(l)) ?? lines[0] ?? error.name;
  const name = error.name && error.name !== "Error" && !detail.startsWith(error.name) ? `${error.name}: ` : "";
  return `${name}${detail}`;
}
