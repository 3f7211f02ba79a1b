/**
 * The effective configuration of one app config: an ordered stack of layers, looked up
 * from the top. Every value remembers its layer, so `wf config` can say where it came from.
 */
import { isAbsolute, resolve } from "node:path";
import { ConfigError, ConfigErrorCode } from "./errors.ts";
import { canonicalKey, CHOICE_RULES, declaredKind, NUMBER_RULES, trustProxyProblem, type FluidConfig, type NumberRule } from "./known-keys.ts";
import { convertText, convertTextAs, kindOf, type ConfigValue } from "./values.ts";

/** A value set in code (defaults, config classes, overrides). */
interface CodeValue {
  readonly text?: undefined;
  readonly value: unknown;
}

/** A value written as text (ini line, environment variable): converted when read. */
interface TextValue {
  readonly text: string;
  readonly quoted: boolean;
  /** `file:line` or `environment variable WF_KEY`. */
  readonly where: string;
}

export type LayerValue = CodeValue | TextValue;

/** One source of values, e.g. `app_configs/app.ini`. */
export interface ConfigLayer {
  /** Shown by `wf config`, e.g. `config class MyConfig (priority 10)`. */
  readonly source: string;
  /** Defaults only give a key its kind and a fallback. */
  readonly isDefault: boolean;
  readonly values: ReadonlyMap<string, LayerValue>;
}

/** Builds a layer from plain values (aliases become canonical keys). */
export function codeLayer(source: string, values: Readonly<Record<string, unknown>>, isDefault = false): ConfigLayer {
  const map = new Map<string, LayerValue>();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) map.set(canonicalKey(key), { value });
  }
  return { source, isDefault, values: map };
}

/** A key's effective value and the layer it came from. */
export interface ConfigEntry {
  readonly key: string;
  readonly value: unknown;
  readonly source: string;
}

/** Where the config was read: the project and app config it belongs to. */
export interface ConfigOrigin {
  /** The project root (the folder holding `app_configs/`). */
  readonly root: string;
  /** The app config name (`app` for `app_configs/app.ini`). */
  readonly name: string;
}

/**
 * Read access to an app's configuration.
 *
 * @example
 * ```ts
 * app.config.get("PORT");         // number
 * app.config.get("MYEXT_BAR");    // unknown, or typed once declared in FluidConfig
 * app.config.path("UPLOADS_DIR"); // absolute, resolved against the project root
 * ```
 */
export class Config {
  readonly root: string;
  readonly name: string;
  #layers: ConfigLayer[];
  #cache = new Map<string, ConfigEntry | null>();

  constructor(origin: ConfigOrigin, layers: readonly ConfigLayer[]) {
    this.root = origin.root;
    this.name = origin.name;
    this.#layers = [...layers];
    this.validate();
  }

  /** The value of a key, converted to the kind it expects; undefined when unset. */
  get<K extends keyof FluidConfig>(key: K): FluidConfig[K];
  get(key: string): unknown;
  get(key: string): unknown {
    return this.entry(key)?.value;
  }

  has(key: string): boolean {
    return this.entry(key) !== undefined;
  }

  /** The value and the layer it came from. */
  entry(key: string): ConfigEntry | undefined {
    // Cached under the name asked for (an alias too): a key read per request costs one lookup.
    let found = this.#cache.get(key);
    if (found === undefined) {
      const canonical = canonicalKey(key);
      found = this.#cache.get(canonical) ?? this.#resolve(canonical);
      this.#cache.set(canonical, found).set(key, found);
    }
    return found ?? undefined;
  }

  /** Every key with its value and source, sorted by key. */
  entries(): ConfigEntry[] {
    const keys = new Set<string>();
    for (const layer of this.#layers) for (const key of layer.values.keys()) keys.add(key);
    return [...keys]
      .sort()
      .map((key) => this.entry(key))
      .filter((entry): entry is ConfigEntry => entry !== undefined);
  }

  /** Keys that have a default (the framework's or an extension's): the keys something reads. */
  defaultedKeys(): Set<string> {
    const keys = new Set<string>();
    for (const layer of this.#layers) if (layer.isDefault) for (const key of layer.values.keys()) keys.add(key);
    return keys;
  }

  /** Keys starting with `prefix` (e.g. `MYEXT_`), with their values. */
  withPrefix(prefix: string): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const entry of this.entries()) if (entry.key.startsWith(prefix)) result[entry.key] = entry.value;
    return result;
  }

  /** A path-valued key (or a literal path) resolved against the project root. */
  path(keyOrPath: string): string {
    const value = this.has(keyOrPath) ? String(this.get(keyOrPath)) : keyOrPath;
    return isAbsolute(value) ? value : resolve(this.root, value);
  }

  /**
   * Adds defaults below every other source (an extension's `defaults`). Keys already
   * given defaults keep them: the first extension to claim a key wins.
   */
  addDefaults(source: string, values: Readonly<Record<string, unknown>>): void {
    const fresh = Object.fromEntries(
      Object.entries(values).filter(([key]) => !this.#layers.some((l) => l.isDefault && l.values.has(canonicalKey(key)))),
    );
    const lastDefault = this.#layers.findLastIndex((layer) => layer.isDefault);
    this.#layers.splice(lastDefault + 1, 0, codeLayer(source, fresh, true));
    this.#cache.clear();
    this.validate();
  }

  /** Fails with one line naming the first of `keys` that has no value. */
  require(keys: readonly string[], who: string): void {
    for (const key of keys) {
      const value = this.get(key);
      if (value === undefined || value === null || value === "") {
        throw new ConfigError(
          ConfigErrorCode.MISSING_KEY,
          `${who} needs ${key}, which is not set; set it in app_configs/${this.name}.ini, a config class or WF_${key}`,
        );
      }
    }
  }

  /** Replaces the layers (used when config classes arrive after the app was created). */
  replaceLayers(layers: readonly ConfigLayer[]): void {
    const defaults = this.#layers.filter((layer) => layer.isDefault);
    const rest = layers.filter((layer) => !layer.isDefault);
    this.#layers = [...defaults, ...rest];
    this.#cache.clear();
    this.validate();
  }

  /**
   * Converts every textual value and checks every ranged number and every choice now, so a
   * bad one fails at start (and in `wf config`) rather than mid-request.
   */
  validate(): void {
    for (const layer of this.#layers) {
      for (const [key, value] of layer.values) {
        const converted = value.text === undefined ? value.value : this.#convert(key, value);
        const expected = unmetRule(key, converted);
        if (expected === undefined) continue;
        const [where, written] = value.text === undefined ? [layer.source, typeof converted === "string" ? JSON.stringify(converted) : String(converted)] : [value.where, JSON.stringify(value.text)];
        throw new ConfigError(ConfigErrorCode.BAD_VALUE, `${where}: ${key} must be ${expected}, got ${written}`);
      }
    }
  }

  #resolve(key: string): ConfigEntry | null {
    for (let i = this.#layers.length - 1; i >= 0; i--) {
      const layer = this.#layers[i]!;
      const value = layer.values.get(key);
      if (value === undefined) continue;
      return {
        key,
        value: value.text === undefined ? value.value : this.#convert(key, value),
        source: layer.source,
      };
    }
    return null;
  }

  #convert(key: string, value: TextValue): ConfigValue {
    const kind = declaredKind(key) ?? kindOf(this.#defaultOf(key));
    if (kind) return convertTextAs(kind, value.text, value, key);
    return value.quoted ? value.text : convertText(value.text, value, key);
  }

  #defaultOf(key: string): unknown {
    for (const layer of this.#layers) {
      if (!layer.isDefault) continue;
      const value = layer.values.get(key);
      if (value !== undefined && value.text === undefined) return value.value;
    }
    return undefined;
  }
}

/** What `key` expects when `value` breaks its rule, or undefined when it keeps it. */
function unmetRule(key: string, value: unknown): string | undefined {
  const range = NUMBER_RULES[key];
  if (range && !inRange(value, range)) return `${range.integer ? "a whole number" : "a number"} from ${range.min} to ${range.max}`;
  const choices = CHOICE_RULES[key];
  if (choices && !choices.includes(value as string)) return `one of ${choices.join(", ")}`;
  if (key === "TRUST_PROXY") return trustProxyProblem(value);
  return undefined;
}

function inRange(value: unknown, rule: NumberRule): boolean {
  return typeof value === "number" && value >= rule.min && value <= rule.max && (!rule.integer || Number.isInteger(value));
}
