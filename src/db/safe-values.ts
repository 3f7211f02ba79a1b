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
 * @param where - Names the call in messages, e.g. `select(MyModel).where()`.
 * @throws DbError `WF_ERR_DB_BAD_VALUE` naming the path of the bad value.
 */
export function assertSafeFilter(filter: unknown, where: string): void {
  const bad = findUnsafe(filter, "");
  if (bad) {
    throw new DbError(
      DbErrorCode.BAD_VALUE,
      `${where}: the value at "${bad.path || "(root)"}" is ${bad.what}; compare only finite numbers, strings, booleans, valid dates, null, arrays and model instances: validate input first (e.g. Number.isFinite)`,
      { statusCode: 400 },
    );
  }
}

function findUnsafe(value: unknown, path: string): { path: string; what: string } | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
    case "bigint":
    case "undefined":
      return undefined;
    case "number":
      return Number.isFinite(value) ? undefined : { path, what: String(value) };
    case "object":
      return value === null ? undefined : findUnsafeObject(value, path);
    default:
      return { path, what: `a ${typeof value}` };
  }
}

function findUnsafeObject(value: object, path: string): { path: string; what: string } | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { path, what: "an invalid Date" } : undefined;
  if (ArrayBuffer.isView(value) || isRaw(value) || Reference.isReference(value)) return undefined;
  if (isModelClass(value.constructor)) return undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const bad = findUnsafe(item, `${path}[${index}]`);
      if (bad) return bad;
    }
    return undefined;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    return { path, what: `an instance of ${value.constructor?.name || "a class"}` };
  }
  for (const [key, item] of Object.entries(value)) {
    const bad = findUnsafe(item, path ? `${path}.${key}` : key);
    if (bad) return bad;
  }
  return undefined;
}
