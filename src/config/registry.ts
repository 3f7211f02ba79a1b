/**
 * Config classes: `@registerConfig(10) class MyConfig { KEY = value }`.
 *
 * The registry lives on `globalThis` so that two copies of this module (a project that
 * resolves `webfluid` twice) still share one list. Classes registered while a package's
 * `config.ts` is being imported belong to that file; the loader asks for them by file,
 * so two apps in one process never see each other's classes.
 */
import { ConfigError, ConfigErrorCode } from "./errors.ts";

/** Any class whose instances carry config keys as fields. */
export type ConfigClass = new () => object;

export interface RegisteredConfig {
  readonly configClass: ConfigClass;
  readonly priority: number;
  /** Registration order, to keep equal priorities stable. */
  readonly order: number;
  /** The config file being imported when the class registered, or null (applies to every app). */
  readonly file: string | null;
}

interface Registry {
  entries: RegisteredConfig[];
  importing: string | null;
}

const REGISTRY = Symbol.for("webfluid.config.registry");
const registry: Registry = ((globalThis as Record<symbol, unknown>)[REGISTRY] ??= {
  entries: [],
  importing: null,
}) as Registry;

/**
 * Registers a config class. Higher priorities override lower ones; the app config file
 * and `WF_*` environment variables override every class.
 *
 * @example
 * ```ts
 * @registerConfig(10)
 * export class MyConfig { MYEXT_BAR = "crazy"; }
 * // or, without decorators:
 * registerConfig(10, MyConfig);
 * ```
 */
export function registerConfig(priority: number): <C extends ConfigClass>(target: C, context?: ClassDecoratorContext<C>) => C;
export function registerConfig<C extends ConfigClass>(priority: number, target: C): C;
export function registerConfig<C extends ConfigClass>(priority: number, target?: C) {
  if (!Number.isFinite(priority)) {
    throw new ConfigError(
      ConfigErrorCode.BAD_PRIORITY,
      `registerConfig(${String(priority)}): the priority must be a finite number, e.g. @registerConfig(10)`,
    );
  }
  const register = <T extends ConfigClass>(configClass: T): T => {
    registry.entries.push({
      configClass,
      priority,
      order: registry.entries.length,
      file: registry.importing,
    });
    return configClass;
  };
  return target ? register(target) : register;
}

/** Runs `load` (an import of a config file) and attributes classes registered meanwhile to `file`. */
export async function collectConfigClasses(file: string, load: () => Promise<unknown>): Promise<void> {
  const previous = registry.importing;
  registry.importing = file;
  try {
    await load();
  } finally {
    registry.importing = previous;
  }
}

/** Classes that apply to an app whose config file is `file` (or null), lowest priority first. */
export function configClassesFor(file: string | null): RegisteredConfig[] {
  return registry.entries
    .filter((entry) => entry.file === null || entry.file === file)
    .sort((a, b) => a.priority - b.priority || a.order - b.order);
}
