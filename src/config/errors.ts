import { WebFluidError } from "../errors.ts";

/** Codes of every configuration error, declared once. */
export const ConfigErrorCode = {
  NO_ROOT: "WF_ERR_CONFIG_NO_ROOT",
  UNKNOWN_APP: "WF_ERR_CONFIG_UNKNOWN_APP",
  INI_SYNTAX: "WF_ERR_CONFIG_INI_SYNTAX",
  UNSET_VARIABLE: "WF_ERR_CONFIG_UNSET_VARIABLE",
  BAD_VALUE: "WF_ERR_CONFIG_BAD_VALUE",
  LOAD_FAILED: "WF_ERR_CONFIG_LOAD_FAILED",
  BAD_PRIORITY: "WF_ERR_CONFIG_BAD_PRIORITY",
  MISSING_KEY: "WF_ERR_CONFIG_MISSING_KEY",
  NOT_ESM: "WF_ERR_CONFIG_NOT_ESM",
} as const;

export type ConfigErrorCode = (typeof ConfigErrorCode)[keyof typeof ConfigErrorCode];

/** A mistake in the project's configuration: files, keys or values. */
export class ConfigError extends WebFluidError<ConfigErrorCode> {}
