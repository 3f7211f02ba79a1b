/**
 * Turning the text of ini lines and environment variables into config values.
 *
 * Text is converted where it is read, with the kind of value the key expects when that is
 * known (a framework or extension default gives it): `PORT = 1` stays a number while
 * `EXT_DB = 1` is a boolean. Keys of unknown kind follow the general rule of ini files:
 * 1/0/true/false are booleans, numerals numbers, text starting with `{` or `[` JSON (convertText).
 */
import { ConfigError, ConfigErrorCode } from "./errors.ts";

/** Any value a config key can hold. */
export type ConfigValue =
  | string
  | number
  | boolean
  | null
  | readonly ConfigValue[]
  | { readonly [key: string]: ConfigValue };

/**
 * The kind of value a key expects; derived from its default. `auto` follows the general rule
 * whatever the default, for keys that take several kinds (TRUST_PROXY: a boolean, a number of
 * proxies or addresses).
 */
export type ValueKind = "string" | "number" | "boolean" | "list" | "object" | "auto";

/** Where a textual value came from, for error messages. */
export interface TextOrigin {
  /** e.g. `app_configs/app.ini:3` or `environment variable WF_PORT`. */
  readonly where: string;
}

const TRUE_WORDS = new Set(["1", "true", "yes", "on"]);
const FALSE_WORDS = new Set(["0", "false", "no", "off"]);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function kindOf(value: unknown): ValueKind | undefined {
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  if (Array.isArray(value)) return "list";
  if (value !== null && typeof value === "object") return "object";
  return undefined;
}

/** The general rule: 1/0/true/false are booleans, numerals numbers, `{`/`[` JSON, else text. */
export function convertText(text: string, origin: TextOrigin, key: string): ConfigValue {
  const lower = text.toLowerCase();
  if (lower === "1" || lower === "true") return true;
  if (lower === "0" || lower === "false") return false;
  if (NUMBER.test(text)) return Number(text);
  if (text.startsWith("{") || text.startsWith("[")) return parseJson(text, origin, key);
  return text;
}

/** Converts text to the kind a key expects, or explains why it cannot. */
export function convertTextAs(
  kind: ValueKind,
  text: string,
  origin: TextOrigin,
  key: string,
): ConfigValue {
  switch (kind) {
    case "auto":
      return convertText(text, origin, key);
    case "string":
      return text;
    case "number":
      if (NUMBER.test(text)) return Number(text);
      throw badValue(key, origin, `a number`, text);
    case "boolean": {
      const lower = text.toLowerCase();
      if (TRUE_WORDS.has(lower)) return true;
      if (FALSE_WORDS.has(lower)) return false;
      throw badValue(key, origin, "a boolean (1/0, true/false, yes/no, on/off)", text);
    }
    case "list":
      if (text.startsWith("[")) return parseJson(text, origin, key);
      return text
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== "");
    case "object":
      if (text.startsWith("{")) return parseJson(text, origin, key);
      throw badValue(key, origin, "a JSON object ({...})", text);
  }
}

function parseJson(text: string, origin: TextOrigin, key: string): ConfigValue {
  try {
    return JSON.parse(text) as ConfigValue;
  } catch (error) {
    throw new ConfigError(
      ConfigErrorCode.BAD_VALUE,
      `${origin.where}: ${key} starts like JSON but does not parse (${(error as Error).message}); fix the JSON or quote the value`,
    );
  }
}

function badValue(key: string, origin: TextOrigin, expected: string, text: string): ConfigError {
  return new ConfigError(
    ConfigErrorCode.BAD_VALUE,
    `${origin.where}: ${key} must be ${expected}, got ${JSON.stringify(text)}`,
  );
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** Expands `${VAR}` and `${VAR:-default}` from the environment; an unset `${VAR}` is an error. */
export function expandVariables(
  text: string,
  env: NodeJS.ProcessEnv,
  origin: TextOrigin,
): string {
  return text.replace(VARIABLE, (_match, name: string, fallback: string | undefined) => {
    const value = env[name];
    if (value !== undefined && value !== "") return value;
    if (fallback !== undefined) return fallback;
    throw new ConfigError(
      ConfigErrorCode.UNSET_VARIABLE,
      `${origin.where}: environment variable ${name} is not set; set it or write \${${name}:-default}`,
    );
  });
}
