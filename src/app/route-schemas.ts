/**
 * Typed routes: a route declares `params`, `query`, `body`, `headers` and `response` with
 * TypeBox schemas; Fastify validates the request against them (ajv) and serializes the
 * response with them (fast-json-stringify), and the handler's `request.params`,
 * `request.query`, `request.payload` and `request.headers` are typed from them. TypeBox
 * schemas are JSON Schema, so Fastify compiles them as they are.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { FastifySchema } from "fastify";
import type { Static, TSchema } from "typebox";
import { AppError, AppErrorCode } from "./errors.ts";

/** A TypeBox schema (TypeBox's `TSchema` accepts any value but null: a route wants an object). */
type Schema = TSchema & object;

/** The schemas a route may declare, each a TypeBox schema (JSON Schema). */
export interface RouteSchemas {
  /** The path parameters (`/items/{id}`): an object schema whose keys are in the path. */
  readonly params?: Schema;
  /** The query string: an object schema; values are coerced to the declared types. */
  readonly query?: Schema;
  /** The JSON body (the request must say `Content-Type: application/json`). */
  readonly body?: Schema;
  /** Request headers: an object schema with lower-case names. */
  readonly headers?: Schema;
  /**
   * The response body: one schema (for the route's status, 200 by default), or one per status
   * (`{ 200: Item, 404: NotFound }`). It shapes the output: fields it does not declare are
   * dropped, and the JSON is written by a serializer compiled from it.
   */
  readonly response?: Schema | Readonly<Record<number, Schema>>;
}

/** What a handler sees of its request, typed: what the route's schemas (or its path) say. */
export interface RouteInput {
  readonly params: unknown;
  readonly query: unknown;
  readonly payload: unknown;
  readonly headers: unknown;
}

/** A request of a route that declares nothing: parameters are strings, the body unknown. */
export interface UntypedInput extends RouteInput {
  readonly params: Readonly<Record<string, unknown>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly payload: unknown;
  readonly headers: IncomingHttpHeaders;
}

/** The names of a path's parameters: `/items/{id}/{tag}` (or `/items/:id`) gives `"id" | "tag"`. */
export type PathParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PathParamNames<Rest>
  : P extends `${string}:${infer Segment}`
    ? (Segment extends `${infer Name}/${infer Rest}` ? Name | PathParamNames<`/${Rest}`> : Segment)
    : never;

/** A path's parameters as strings: `/items/{id}` gives `{ id: string }`. */
export type PathParams<P extends string> = { readonly [K in PathParamNames<P>]: string };

/** The type a schema describes; `Else` when there is none, or only the wide `TSchema` (options held in a `RouteOptions` variable). */
type StaticOf<S, Else> = [Schema] extends [S] ? Else : S extends TSchema ? Static<S> : Else;

/** The input of a route with path `P` and schemas `S`. */
export interface InputOf<P extends string, S extends RouteSchemas> extends RouteInput {
  readonly params: StaticOf<S["params"], PathParams<P>>;
  readonly query: StaticOf<S["query"], Readonly<Record<string, string | string[] | undefined>>>;
  readonly payload: StaticOf<S["body"], unknown>;
  readonly headers: IncomingHttpHeaders & StaticOf<S["headers"], unknown>;
}

/** What a handler of a route with schemas `S` may return: the response schema's type(s), or anything. */
export type OutputOf<S extends RouteSchemas> = [Schema] extends [S["response"]]
  ? unknown
  : S["response"] extends TSchema
    ? Static<S["response"]>
    : S["response"] extends Readonly<Record<number, Schema>>
      ? { [Status in keyof S["response"]]: StaticOf<S["response"][Status], never> }[keyof S["response"]]
      : unknown;

const SCHEMA_PARTS = ["params", "query", "body", "headers", "response"] as const;
/** A key of a per-status response map: `200`, `"2xx"`, `"default"`. */
const STATUS_KEY = /^(?:[1-5]\d\d|[1-5]xx|default)$/;

/**
 * The Fastify schema of a route with `schemas` and (the older form) a raw Fastify `schema`,
 * checked now: each part must be a schema object (not a Zod schema), the path parameters the
 * params schema declares must be in the path, and a part may not be given both ways.
 * `where` is `POST /items/{id}`; `paramNames` are the path's parameter names.
 */
export function fastifySchemaOf(
  schemas: RouteSchemas,
  raw: FastifySchema | undefined,
  where: string,
  paramNames: readonly string[],
  statusCode: number | undefined,
): FastifySchema | undefined {
  const given = SCHEMA_PARTS.filter((part) => schemas[part] !== undefined);
  if (given.length === 0) return raw;
  for (const part of given) checkSchema(schemas[part], part, where);
  const typed: Record<string, unknown> = {};
  if (schemas.params) {
    const declared = Object.keys(objectProperties(schemas.params, "params", where));
    const missing = declared.filter((name) => !paramNames.includes(name));
    if (missing.length > 0) {
      throw new AppError(
        AppErrorCode.BAD_ROUTE_SCHEMA,
        `route ${where}: the params schema declares ${missing.map((name) => `"${name}"`).join(", ")}, which the path does not have; write it in the path as {${missing[0]}} or remove it from params`,
      );
    }
    typed.params = schemas.params;
  }
  if (schemas.query) typed.querystring = schemas.query;
  if (schemas.body) typed.body = schemas.body;
  if (schemas.headers) typed.headers = schemas.headers;
  if (schemas.response) typed.response = responseByStatus(schemas.response, statusCode, where);
  for (const [part, key] of [["params", "params"], ["query", "querystring"], ["body", "body"], ["headers", "headers"], ["response", "response"]] as const) {
    if (schemas[part] !== undefined && raw?.[key] !== undefined) {
      throw new AppError(AppErrorCode.BAD_ROUTE_SCHEMA, `route ${where}: ${part} is given twice, as the ${part} option and in schema.${key}; keep the ${part} option`);
    }
  }
  return { ...raw, ...typed };
}

/** A per-status map as it is, or one schema as the response of the route's status. */
function responseByStatus(response: NonNullable<RouteSchemas["response"]>, statusCode: number | undefined, where: string): Record<string, unknown> {
  const keys = Object.keys(response);
  if (keys.length > 0 && keys.every((key) => STATUS_KEY.test(key))) {
    for (const key of keys) checkSchema((response as Record<string, unknown>)[key], `response ${key}`, where);
    return response as Record<string, unknown>;
  }
  return { [statusCode ?? 200]: response };
}

function checkSchema(schema: unknown, part: string, where: string): void {
  if (typeof schema === "object" && schema !== null && !Array.isArray(schema)) {
    if ("_zod" in schema || "safeParse" in schema) {
      throw new AppError(AppErrorCode.BAD_ROUTE_SCHEMA, `route ${where}: ${part} is a Zod schema; routes take TypeBox schemas: import Type from "typebox" and write Type.Object({...})`);
    }
    return;
  }
  throw new AppError(AppErrorCode.BAD_ROUTE_SCHEMA, `route ${where}: ${part} must be a schema such as Type.Object({...}), got ${schema === null ? "null" : typeof schema}`);
}

/** The properties of an object schema (params must be one). */
function objectProperties(schema: TSchema, part: string, where: string): Record<string, unknown> {
  const properties = (schema as { properties?: unknown }).properties;
  if ((schema as { type?: unknown }).type !== "object" || typeof properties !== "object" || properties === null) {
    throw new AppError(AppErrorCode.BAD_ROUTE_SCHEMA, `route ${where}: ${part} must be an object schema, Type.Object({ name: Type.String() })`);
  }
  return properties as Record<string, unknown>;
}

/** The parameter names of a Fastify path (`/items/:id` gives `["id"]`). */
export function pathParamNames(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]!);
}

/**
 * Fastify compiles a route's schemas when the app starts; one that does not compile becomes
 * this error, naming the route (undefined for any other error).
 */
export function schemaBuildError(error: unknown): AppError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== "FST_ERR_SCH_VALIDATION_BUILD" && code !== "FST_ERR_SCH_SERIALIZATION_BUILD") return undefined;
  const message = (error as Error).message;
  const found = /^Failed building the (\w+) schema for (\S+): (\S+), due to error (.*)$/s.exec(message);
  const what = found ? `route ${found[2]} ${found[3]}: its ${found[1] === "validation" ? "request" : "response"} schema does not compile (${found[4]})` : message;
  return new AppError(AppErrorCode.BAD_ROUTE_SCHEMA, `${what}; fix the schema (TypeBox: Type.Object({...}))`, { cause: error });
}
