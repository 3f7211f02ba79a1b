/**
 * The database binds an app config declares, read and checked in one place: `DATABASE_URI`
 * is the `default` bind, `SQLALCHEMY_BINDS` (or the ini's `[binds]` section) adds named ones.
 */
import type { Config } from "./config.ts";
import { ConfigError, ConfigErrorCode } from "./errors.ts";

/** The key holding the named binds (alias `DATABASE_BINDS`). */
export const BINDS_KEY = "SQLALCHEMY_BINDS";

/** The config key a bind's URI is read from: `DATABASE_URI` or `SQLALCHEMY_BINDS.<name>`. */
export function bindKey(bind: string): string {
  return bind === "default" ? "DATABASE_URI" : `${BINDS_KEY}.${bind}`;
}

/** One bind's URI and the config key it came from (named in every message about it). */
export interface BindUri {
  readonly uri: string;
  /** `DATABASE_URI` or `SQLALCHEMY_BINDS.<name>`. */
  readonly key: string;
}

/**
 * Every bind of the app config, `default` first.
 *
 * @throws ConfigError `WF_ERR_CONFIG_BAD_VALUE` when `SQLALCHEMY_BINDS` does not map names to URIs.
 * @example
 * ```ts
 * configuredBinds(config); // { default: { uri: "sqlite:///app.db", key: "DATABASE_URI" }, test: { ... } }
 * ```
 */
export function configuredBinds(config: Config): Record<string, BindUri> {
  const binds: Record<string, BindUri> = {};
  const uri = config.get("DATABASE_URI");
  if (uri) binds.default = { uri, key: bindKey("default") };
  const named: unknown = config.get(BINDS_KEY) ?? {};
  const entries = typeof named === "object" && named !== null && !Array.isArray(named) ? Object.entries(named) : undefined;
  if (!entries || entries.some(([, value]) => typeof value !== "string")) {
    throw new ConfigError(
      ConfigErrorCode.BAD_VALUE,
      `${BINDS_KEY} (${config.entry(BINDS_KEY)?.source}) must map bind names to URIs, e.g. {"test": "sqlite:///test.db"}, or use a [binds] section`,
    );
  }
  for (const [name, value] of entries) binds[name] = { uri: value as string, key: bindKey(name) };
  return binds;
}
