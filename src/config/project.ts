/**
 * Finding the project: its root is the nearest folder holding `app_configs/`, and each
 * `app_configs/<name>.ini` is one deployable app config.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { ConfigError, ConfigErrorCode } from "./errors.ts";
import { rootFromEnv } from "./process-env.ts";

export const APP_CONFIGS_DIR = "app_configs";

/**
 * The project root: `WF_ROOT` when it is set (a deployment that starts `wf` elsewhere), else
 * the nearest folder at or above `start` that holds `app_configs/`.
 */
export function findProjectRoot(start: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  const forced = rootFromEnv(env);
  if (forced !== undefined) {
    const root = resolve(forced);
    if (isDirectory(join(root, APP_CONFIGS_DIR))) return root;
    throw new ConfigError(
      ConfigErrorCode.NO_ROOT,
      `WF_ROOT is ${JSON.stringify(forced)}, which holds no ${APP_CONFIGS_DIR}/ folder; point WF_ROOT at the project root, or unset it to search from the current folder`,
    );
  }
  let dir = resolve(start);
  for (;;) {
    if (isDirectory(join(dir, APP_CONFIGS_DIR))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new ConfigError(
    ConfigErrorCode.NO_ROOT,
    `no ${APP_CONFIGS_DIR}/ folder in ${resolve(start)} or any parent folder; run wf inside a WebFluid project (wf new <dir> creates one)`,
  );
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** Names of the app configs of a project (`app_configs/*.ini`), sorted. */
export function listAppConfigs(root: string): string[] {
  return readdirSync(join(root, APP_CONFIGS_DIR))
    .filter((file) => file.endsWith(".ini"))
    .map((file) => file.slice(0, -".ini".length))
    .sort();
}

/** The ini file of app config `name`, or a clear error listing the known ones. */
export function appConfigFile(root: string, name: string): string {
  const file = join(root, APP_CONFIGS_DIR, `${name}.ini`);
  if (/^[\w.-]+$/.test(name) && existsSync(file)) return file;
  const known = listAppConfigs(root);
  throw new ConfigError(
    ConfigErrorCode.UNKNOWN_APP,
    `unknown app config ${JSON.stringify(name)}: ${APP_CONFIGS_DIR}/${name}.ini does not exist; ` +
      (known.length ? `known app configs: ${known.join(", ")}` : `there are none yet: create ${APP_CONFIGS_DIR}/${name}.ini`),
  );
}

/**
 * User TypeScript (config.ts, main.ts, models) is loaded as ES modules, which Node decides
 * by the nearest package.json: without `"type": "module"` the failure would surface as an
 * obscure require() error from deep inside the loader.
 */
export function assertEsModules(dir: string, root: string): void {
  let manifest: string | undefined;
  for (let at = resolve(dir); ; at = dirname(at)) {
    if (existsSync(join(at, "package.json"))) {
      manifest = join(at, "package.json");
      break;
    }
    if (dirname(at) === at) break;
  }
  if (manifest && (JSON.parse(readFileSync(manifest, "utf8")) as { type?: unknown }).type === "module") return;
  throw new ConfigError(
    ConfigErrorCode.NOT_ESM,
    manifest
      ? `${relative(root, manifest) || manifest} does not declare "type": "module"; WebFluid apps are ES modules: add "type": "module" to it`
      : `no package.json in ${root} or above; WebFluid apps are ES modules: create one with "type": "module"`,
  );
}
