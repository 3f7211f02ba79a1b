/**
 * The table of built-in extensions, each switched on by `EXT_<NAME> = 1`. Each one registers
 * itself from its own area (db/builtin.ts, scheduler/builtin.ts, imported by src/builtins.ts),
 * with a loader, so that its code is imported only when an app config turns it on.
 */
import type { Extension } from "./extension.ts";

/** A built-in extension as the table holds it. */
export interface BuiltinExtension {
  /** The switch without `EXT_`: `SQLALCHEMY` for `EXT_SQLALCHEMY`. */
  readonly name: string;
  /**
   * Where it starts among the built-ins: lower starts first and shuts down last, so the
   * database (10) is open for the scheduler's jobs (20) until they have stopped.
   */
  readonly order: number;
  /** Imports the extension's module and makes the extension. */
  load(): Promise<Extension>;
}

const table = new Map<string, BuiltinExtension>();

/**
 * Adds a built-in extension to the table (a second registration of a name replaces the first).
 *
 * @example
 * ```ts
 * registerBuiltinExtension({
 *   name: "SQLALCHEMY",
 *   order: 10,
 *   load: async () => new (await import("./extension.ts")).DatabaseExtension(),
 * });
 * ```
 */
export function registerBuiltinExtension(extension: BuiltinExtension): void {
  table.set(extension.name, extension);
}

/** The built-in extensions, in start order. */
export function builtinExtensions(): BuiltinExtension[] {
  return [...table.values()].sort((a, b) => a.order - b.order);
}
