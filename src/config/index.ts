/** Configuration: config classes, app config files, environment overrides. */
export { bindKey, configuredBinds, type BindUri } from "./binds.ts";
export { Config, codeLayer, type ConfigEntry, type ConfigLayer, type ConfigOrigin } from "./config.ts";
export { ConfigError, ConfigErrorCode } from "./errors.ts";
export { canonicalKey, FRAMEWORK_DEFAULTS, type FluidConfig } from "./known-keys.ts";
export {
  buildConfig,
  buildLayers,
  describeLoadError,
  importConfigFile,
  loadConfig,
  readConfigSources,
  type ConfigSources,
  type LoadConfigOptions,
} from "./loader.ts";
export { maskUri, maskValue } from "./mask.ts";
export { appNameFromEnv, isFirstWorker, isSupervised, supervisedEnv, workerIdFromEnv } from "./process-env.ts";
export { APP_CONFIGS_DIR, appConfigFile, assertEsModules, findProjectRoot, listAppConfigs } from "./project.ts";
export { registerConfig, type ConfigClass } from "./registry.ts";
export { misspelledKeys } from "./typos.ts";
export type { ConfigValue } from "./values.ts";
