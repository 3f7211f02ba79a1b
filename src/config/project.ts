/**
 * Finding the project: its root is the nearest folder holding `app_configs/`, and each
 * `app_configs/<name>.ini` is one deployable app config.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ConfigError, ConfigErrorCode } from "./errors.ts";

export const APP_CONFIGS_DIR = "app_configs";

/** The nearest folder at or above `start` that holds `app_configs/`. */
export function findProjectRoot(start: string = process.cwd()): string {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, APP_CONFIGS_DIR);
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new ConfigError(
    ConfigErrorCode.NO_ROOT,
    `no ${APP_CONFIGS_DIR}/ folder in ${resolve(start)} or any parent folder; run wf inside a WebFluid project (wf new <dir> creates one)`,
  );
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
