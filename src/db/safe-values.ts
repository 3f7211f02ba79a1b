/**
 * A guard on the values of `where()` and `get()`. `NaN` or `Infinity` (say from
 * `Number("abc")`) would reach the database as a parameter it rejects (or, on MySQL, where
 * mysql2 escapes values into the text, as a bare word); such values, and objects that are
 * neither plain data nor entities, are refused before any SQL is built, as a client error.
 */
import { Reference, isRaw } from "@mikro-orm/core";
import { DbError, DbErrorCode } from "./errors.ts";
import { isModelClass } from "./model.ts";

/**
 * Checks every value inside a filter (operators, nested relations and arrays included).
 *
 * @param where - Names the call in messages, e.g. `select(MyModel).where()`; called only when a
 *   value is bad (the check runs on every query, the message almost never).
 * @throws DbError `WF_ERR_DB_BAD_VALUE` naming the path of the bad value.
 */
export function assertSafeFilter(filter: unknown, where: () => string): void {
  const bad = findUnsafe(filter);
  if (bad) {
    throw new DbError(
      DbErrorCode.BAD_VALUE,
      `${where()}: the value at "${pathOf(bad) || "(root)"}" is ${bad.what}; compare only finite numbers, strings, booleans, valid dates, null, arrays and model instances: validate input first (e.g. Number.isFinite)`,
      { statusCode: 400 },
    );
  }
}

/** A bad value: what it is, and the keys and indexes leading to it, innermost first (the path is written only for the message). */
interface Unsafe {
  readonly what: string;
  readonly steps: (string | number)[];
}

/** `a.b[0].c`, as the steps say. */
function pathOf(bad: Unsafe): string {
  let path = "";
  for (let i = bad.steps.length - 1; i >= 0; i--) {
    const step = bad.steps[i]!;
    path += typeof step === "number" ? `[${step}]` : path ? `.${step}` : step;
  }
  return path;
}

function findUnsafe(value: unknown): Unsafe | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
    case "bigint":
    case "undefined":
      return undefined;
    case "number":
      return Number.isFinite(value) ? undefined : { what: String(value), steps: [] };
    case "object":
      return value === null ? undefined : findUnsafeObject(value);
    default:
      return { what: `a ${typeof value}`, steps: [] };
  }
}

function findUnsafeObject(value: object): Unsafe | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { what: "an invalid Date", steps: [] } : undefined;
  if (ArrayBuffer.isView(value) || isRaw(value) || Reference.isReference(value)) return undefined;
  if (isModelClass(value.constructor)) return undefined;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const bad = findUnsafe(value[index]);
      if (bad) {
        bad.steps.push(index);
        return bad;
      }
    }
    return undefined;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    return { what: `an instance of ${value.constructor?.name || "a class"}`, steps: [] };
  }
  for (const key of Object.keys(value)) {
    const bad = findUnsafe((value as Record<string, unknown>)[key]);
    if (bad) {
      bad.steps.push(key);
      return bad;
    }
  }
  return undefined;
}
