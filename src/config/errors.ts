import { codesByName, type ErrorCodeOf } from "../error-codes.ts";
import { WebFluidError } from "../errors.ts";

/** The `WF_ERR_CONFIG_*` codes by short name: `ConfigErrorCode.NO_ROOT`. */
export const ConfigErrorCode = codesByName("config");
/** One of the `WF_ERR_CONFIG_*` codes. */
export type ConfigErrorCode = ErrorCodeOf<"config">;

/** A mistake in the project's configuration: files, keys or values. */
export class ConfigError extends WebFluidError<ConfigErrorCode> {}
