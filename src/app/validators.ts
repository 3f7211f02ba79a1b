/**
 * How requests are validated: Fastify's ajv compiler with its options, except that a JSON
 * body is not coerced. Path parameters, the query and headers arrive as text, so `"7"` must
 * become `7` for a `Type.Integer()`; a JSON body already carries its types, and coercing it
 * would accept `{"value": 5}` for a `Type.String()` (as `"5"`) or `{"n": "5"}` for a number,
 * where FastAPI (and the schema) say 422.
 */
import type { FastifyServerOptions } from "fastify";
import { lazyRequire } from "../lazy-require.ts";

type AjvCompilerModule = typeof import("@fastify/ajv-compiler");
type BuildValidator = NonNullable<NonNullable<NonNullable<FastifyServerOptions["schemaController"]>["compilersFactory"]>["buildValidator"]>;
type Compile = ReturnType<ReturnType<AjvCompilerModule>>;
type RouteDefinition = Parameters<Compile>[0];
/** The options of one pool compiler, in its ajv (not JTD) form. */
type AjvOptions = Extract<NonNullable<Parameters<ReturnType<AjvCompilerModule>>[1]>, { mode?: never }>;

/**
 * Fastify's `schemaController.compilersFactory.buildValidator`: two ajv compilers with the
 * server's ajv options (and the shared schemas), one coercing (params, query, headers), one
 * not (body).
 */
export const buildValidator: BuildValidator = (externalSchemas, ajvOptions) => {
  const { AjvCompiler } = lazyRequire<AjvCompilerModule>("@fastify/ajv-compiler");
  const fromPool = AjvCompiler();
  // Fastify passes its `ajv` server option, filled with defaults (never JTD mode here).
  const options = (ajvOptions ?? {}) as AjvOptions;
  const coercing = fromPool(externalSchemas, options);
  const exact = fromPool(externalSchemas, { ...options, customOptions: { ...options.customOptions, coerceTypes: false } });
  return (route: RouteDefinition) => {
    if (route.httpPart === "body") return exact(route);
    if (route.httpPart === "headers") return coercing({ ...route, schema: lowerCaseHeaders(route.schema) });
    return coercing(route);
  };
};

/**
 * Header names arrive lower-cased: Fastify lower-cases a headers schema's property names,
 * but only with its own validator compiler, so this one does it too.
 */
function lowerCaseHeaders(schema: RouteDefinition["schema"]): RouteDefinition["schema"] {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return schema;
  const { properties, required } = schema as { properties?: Record<string, unknown>; required?: unknown };
  if (!properties || typeof properties !== "object") return schema;
  return {
    ...schema,
    properties: Object.fromEntries(Object.entries(properties).map(([name, value]) => [name.toLowerCase(), value])),
    ...(Array.isArray(required) ? { required: required.map((name) => (typeof name === "string" ? name.toLowerCase() : name)) } : {}),
  };
}
