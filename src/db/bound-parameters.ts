/**
 * Sends values to the database as bound parameters. MikroORM 7 builds SQL with `?`
 * placeholders and then, by default, escapes every value into the SQL text
 * (`Platform.formatQuery`) before handing it to the driver. Here the same placeholders
 * become the driver's own (`$1` for PostgreSQL, `?` for SQLite) and the values travel
 * beside the SQL, so no value is ever part of the statement text.
 *
 * The walk mirrors `formatQuery` exactly: `??` is an identifier (written into the SQL, as
 * identifiers come from the models, never from values), `\?` a literal question mark,
 * raw fragments are bound recursively, arrays expand to one placeholder per element (as
 * in `in (?)`), and plain objects or JSON-tagged values are sent as JSON text.
 */
import { isRaw, JsonProperty, Utils, type Platform } from "@mikro-orm/core";

/** How one dialect writes its n-th placeholder (1-based) and converts a value for its driver. */
export interface ParameterStyle {
  placeholder(n: number): string;
  toDriver(value: unknown, platform: Platform): unknown;
}

export interface BoundQuery {
  readonly sql: string;
  readonly parameters: unknown[];
}

/** `sql` with MikroORM's `?` placeholders and `params`, as driver placeholders and values. */
export function bindParameters(sql: string, params: readonly unknown[], platform: Platform, style: ParameterStyle): BoundQuery {
  const parameters: unknown[] = [];
  const bindValue = (value: unknown): string => {
    if (isRaw(value)) return bindInto(value.sql, value.params);
    if (Utils.isPlainObject(value) || (value as { [JsonProperty]?: unknown } | null)?.[JsonProperty]) {
      parameters.push(JSON.stringify(value));
    } else if (Array.isArray(value)) {
      return value.map(bindValue).join(", ");
    } else {
      parameters.push(style.toDriver(value, platform));
    }
    return style.placeholder(parameters.length);
  };
  const bindInto = (text: string, values: readonly unknown[]): string => {
    if (values.length === 0) return text;
    let next = 0;
    let out = "";
    let from = 0;
    for (let at = text.indexOf("?"); at !== -1; at = text.indexOf("?", from)) {
      if (at > 0 && text[at - 1] === "\\") {
        out += `${text.slice(from, at - 1)}?`;
        from = at + 1;
      } else if (text[at + 1] === "?") {
        out += text.slice(from, at) + platform.quoteIdentifier(values[next++] as string);
        from = at + 2;
      } else {
        out += text.slice(from, at) + bindValue(values[next++]);
        from = at + 1;
      }
    }
    return out + text.slice(from);
  };
  return { sql: bindInto(sql, params), parameters };
}

/** node-postgres: `$n`; dates and bigints as the text MikroORM would have written. */
export const POSTGRES_PARAMETERS: ParameterStyle = {
  placeholder: (n) => `$${n}`,
  toDriver(value, platform) {
    if (typeof value === "bigint") return value.toString();
    // The platform's own date text (with its timezone setting), as escaping would have written it.
    if (value instanceof Date) return (platform as Platform & { formatDate(date: Date): string }).formatDate(value);
    if (ArrayBuffer.isView(value) && !Buffer.isBuffer(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return value;
  },
};

/** better-sqlite3 binds numbers, bigints, strings, buffers and null only. */
export const SQLITE_PARAMETERS: ParameterStyle = {
  placeholder: () => "?",
  toDriver(value) {
    if (value === null || value === undefined) return null;
    if (typeof value === "boolean") return value ? 1 : 0;
    if (value instanceof Date) return value.getTime();
    if (typeof value === "number" || typeof value === "bigint" || typeof value === "string" || Buffer.isBuffer(value)) return value;
    if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return String(value);
  },
};
