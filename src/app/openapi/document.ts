/**
 * The app's OpenAPI 3.1 document, built from its route table: one operation per route (a GET
 * route's implied HEAD aside) with its parameters, request body and responses from the route's
 * schemas, the 422 answer of routes that validate their input, tags from the routers and the
 * route, summary and description from the route's options or the handler's doc comment, and
 * the session and CSRF token that the app's CSRF check asks of unsafe methods.
 */
import { routeNeedsCsrfToken } from "../../web/csrf.ts";
import { AppError, AppErrorCode } from "../errors.ts";
import type { DeclaredRoute } from "../route-table.ts";
import { HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse } from "../responses.ts";
import type { RouteOptions } from "../routing.ts";
import { DocComments } from "./doc-comments.ts";
import { isObject, SchemaConverter, VALIDATION_COMPONENTS, type SchemaObject } from "./json-schema.ts";

/** An OpenAPI 3.1 document (as `GET /openapi.json` and `wf openapi` give it). */
export interface OpenAPIDocument {
  readonly openapi: string;
  readonly info: { readonly title: string; readonly version: string; readonly description?: string };
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly components?: Readonly<Record<string, unknown>>;
  readonly tags?: ReadonlyArray<{ readonly name: string }>;
}

export interface DocumentInput {
  readonly title: string;
  readonly version: string;
  readonly description: string | undefined;
  readonly routes: readonly DeclaredRoute[];
  /** Where handlers' doc comments are looked for. */
  readonly packageDir: string;
  /** The session cookie's name, when the app has sessions. */
  readonly sessionCookie: string | undefined;
  /** Unsafe methods need the CSRF token header (sessions with WTF_CSRF_ENABLED). */
  readonly csrf: boolean;
}

const STATUS_KEY = /^(?:[1-5]\d\d|[1-5]xx|default)$/;
const STATUS_TEXT: Readonly<Record<string, string>> = {
  "200": "Successful Response",
  "201": "Created",
  "202": "Accepted",
  "204": "No Content",
  "301": "Moved Permanently",
  "302": "Found",
  "303": "See Other",
  "307": "Temporary Redirect",
  "308": "Permanent Redirect",
  "400": "Bad Request",
  "401": "Unauthorized",
  "403": "Forbidden",
  "404": "Not Found",
  "409": "Conflict",
  "422": "Validation Error",
};
/** What an unsafe route asks for while CSRF protection is on: the session cookie and a token of it. */
const CSRF_REQUIREMENT = [{ session: [], csrfToken: [] }] as const;
const CSRF_REFUSED = {
  description: "The CSRF token is missing or invalid",
  content: { "application/json": { schema: { type: "object", properties: { detail: { type: "string" } }, required: ["detail"] } } },
} as const;

/** Header parameters OpenAPI ignores (they are described elsewhere). */
const IGNORED_HEADERS = new Set(["accept", "content-type", "authorization"]);

/** The OpenAPI document of the routes in `input`. */
export function openapiDocument(input: DocumentInput): OpenAPIDocument {
  const schemas = new SchemaConverter();
  const comments = new DocComments(input.packageDir);
  const routes = input.routes.filter((route) => route.options.includeInSchema !== false && !route.path.includes("*"));
  const operationIds = operationIdsOf(routes);
  const paths: Record<string, Record<string, unknown>> = {};
  const tags: string[] = [];
  let validates = false;
  for (const [index, route] of routes.entries()) {
    const operation = operationOf(route, schemas, comments, operationIds[index]!, input.csrf);
    if (operation.responses["422"]) validates = true;
    for (const tag of operation.tags ?? []) if (!tags.includes(tag)) tags.push(tag);
    (paths[openapiPath(route.path)] ??= {})[route.method.toLowerCase()] = operation;
  }
  if (validates) for (const [name, schema] of Object.entries(VALIDATION_COMPONENTS)) schemas.addComponent(name, schema);
  const components: Record<string, unknown> = {};
  const named = schemas.components();
  if (Object.keys(named).length > 0) components.schemas = named;
  if (input.sessionCookie !== undefined) {
    components.securitySchemes = {
      session: { type: "apiKey", in: "cookie", name: input.sessionCookie, description: "The session cookie, signed with SECRET_KEY." },
      ...(input.csrf ? { csrfToken: { type: "apiKey", in: "header", name: "X-CSRF-Token", description: "A CSRF token of the session (`request.csrfToken()`), needed by POST, PUT, PATCH and DELETE." } } : {}),
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: input.title, version: input.version, ...(input.description ? { description: input.description } : {}) },
    paths,
    ...(Object.keys(components).length > 0 ? { components } : {}),
    ...(tags.length > 0 ? { tags: tags.map((name) => ({ name })) } : {}),
  };
}

/** `/items/:id` as `/items/{id}`. */
export function openapiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "{$1}");
}

interface Operation {
  readonly tags?: readonly string[];
  readonly responses: Readonly<Record<string, unknown>>;
  readonly [key: string]: unknown;
}

function operationOf(route: DeclaredRoute, schemas: SchemaConverter, comments: DocComments, operationId: string, csrf: boolean): Operation {
  const { options } = route;
  const parts = schemaParts(options);
  const comment = route.handler.name ? comments.of(route.handler.name) : undefined;
  const summary = options.summary ?? comment?.summary ?? humanize(route.name);
  const description = options.description ?? comment?.description;
  const tags = [...new Set([...route.routerTags, ...(options.tags ?? [])])];
  const parameters = [
    ...pathParameters(route.path, parts.params, schemas),
    ...objectParameters(parts.query, "query", schemas),
    ...objectParameters(parts.headers, "header", schemas).filter((parameter) => !IGNORED_HEADERS.has(parameter.name.toLowerCase())),
  ];
  const responses = responsesOf(options, parts.response, schemas);
  if (parts.params || parts.query || parts.headers || parts.body) {
    responses["422"] = {
      description: "Validation Error",
      content: { "application/json": { schema: { $ref: "#/components/schemas/HTTPValidationError" } } },
    };
  }
  const needsToken = csrf && routeNeedsCsrfToken(route.method, options.csrf);
  if (needsToken) responses["403"] ??= CSRF_REFUSED;
  return {
    ...(tags.length > 0 ? { tags } : {}),
    ...(summary ? { summary } : {}),
    ...(description ? { description } : {}),
    operationId,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(parts.body ? { requestBody: { required: true, content: { "application/json": { schema: schemas.convert(parts.body) } } } } : {}),
    responses,
    ...(needsToken ? { security: CSRF_REQUIREMENT } : {}),
    ...(options.deprecated ? { deprecated: true } : {}),
  };
}

/** The route's schemas: the typed options, else the parts of a raw Fastify `schema`. */
function schemaParts(options: RouteOptions): Record<"params" | "query" | "headers" | "body" | "response", unknown> {
  const raw = (options.schema ?? {}) as Record<string, unknown>;
  return {
    params: options.params ?? raw.params,
    query: options.query ?? raw.querystring,
    headers: options.headers ?? raw.headers,
    body: options.body ?? raw.body,
    response: options.response ?? raw.response,
  };
}

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required: boolean;
  readonly schema: SchemaObject;
  readonly description?: string;
}

/** Every parameter of the path: typed by the params schema, else strings. */
function pathParameters(path: string, params: unknown, schemas: SchemaConverter): Parameter[] {
  const properties = isObject(params) && isObject(params.properties) ? params.properties : {};
  return [...path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map(([, name]) => parameter(name!, "path", true, properties[name!] ?? { type: "string" }, schemas));
}

/** One parameter per property of an object schema (query string, headers). */
function objectParameters(schema: unknown, where: string, schemas: SchemaConverter): Parameter[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const required = Array.isArray(schema.required) ? schema.required : [];
  return Object.entries(schema.properties).map(([name, property]) => parameter(name, where, required.includes(name), property, schemas));
}

function parameter(name: string, where: string, required: boolean, schema: unknown, schemas: SchemaConverter): Parameter {
  const description = isObject(schema) && typeof schema.description === "string" ? schema.description : undefined;
  return { name, in: where, required, schema: schemas.convert(schema), ...(description ? { description } : {}) };
}

/** The route's responses: one per status of its response schema(s), else its status with any body. */
function responsesOf(options: RouteOptions, response: unknown, schemas: SchemaConverter): Record<string, unknown> {
  const mediaType = mediaTypeOf(options);
  const status = String(options.statusCode ?? (options.responseClass === RedirectResponse ? 307 : 200));
  const byStatus: Record<string, unknown> = {};
  if (isObject(response) && Object.keys(response).length > 0 && Object.keys(response).every((key) => STATUS_KEY.test(key))) {
    for (const [key, schema] of Object.entries(response)) byStatus[key.replace(/xx$/, "XX")] = schema;
  } else if (response !== undefined) {
    byStatus[status] = response;
  }
  const responses: Record<string, unknown> = {};
  if (Object.keys(byStatus).length === 0) {
    const content = mediaType === undefined || status === "204" ? undefined : { [mediaType]: { schema: mediaType === "application/json" ? {} : { type: "string" } } };
    responses[status] = { description: STATUS_TEXT[status] ?? "Response", ...(content ? { content } : {}) };
    return responses;
  }
  for (const [key, schema] of Object.entries(byStatus)) {
    const description = isObject(schema) && typeof schema.description === "string" ? schema.description : (STATUS_TEXT[key] ?? "Response");
    responses[key] = { description, content: { [mediaType ?? "application/json"]: { schema: schemas.convert(schema) } } };
  }
  return responses;
}

/** The media type of the route's answers (none for redirects and unknown response classes). */
function mediaTypeOf(options: RouteOptions): string | undefined {
  const responseClass = options.responseClass;
  if (responseClass === undefined || responseClass === JSONResponse) return "application/json";
  let kind: (abstract new (...args: never[]) => unknown) | undefined = responseClass;
  // A subclass answers in its parent's type (TemplateResponse is an HTMLResponse).
  while (kind) {
    if (kind === HTMLResponse) return "text/html";
    if (kind === PlainTextResponse) return "text/plain";
    if (kind === JSONResponse) return "application/json";
    kind = Object.getPrototypeOf(kind) as typeof kind;
  }
  return undefined;
}

/**
 * Each route's operationId: its option, else the handler's name when no other route has it,
 * else the name with the method and path (`getItem_get_items__id_`). Two routes given the
 * same operationId are a mistake.
 */
function operationIdsOf(routes: readonly DeclaredRoute[]): string[] {
  const given = new Map<string, DeclaredRoute>();
  for (const route of routes) {
    const id = route.options.operationId;
    if (id === undefined) continue;
    const first = given.get(id);
    if (first) {
      throw new AppError(
        AppErrorCode.BAD_ROUTE,
        `route ${route.method} ${openapiPath(route.path)}: operationId ${JSON.stringify(id)} is also given to ${first.method} ${openapiPath(first.path)}; give each route its own`,
      );
    }
    given.set(id, route);
  }
  const named = (route: DeclaredRoute) => (/^[A-Za-z_$][\w$]*$/.test(route.name) ? route.name : undefined);
  const counts = new Map<string, number>();
  for (const route of routes) {
    const name = named(route);
    if (name && route.options.operationId === undefined) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const taken = new Set(given.keys());
  return routes.map((route) => {
    if (route.options.operationId !== undefined) return route.options.operationId;
    const name = named(route);
    const slug = `${route.method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]/g, "_")}`;
    const base = name && counts.get(name) === 1 && !taken.has(name) ? name : name ? `${name}_${slug}` : slug;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    return id;
  });
}

/** `getItem` as `Get Item`, `list_items` as `List Items` (FastAPI's default summary). */
function humanize(name: string): string | undefined {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return undefined;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[_$\s]+/)
    .filter(Boolean);
  return words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join(" ");
}
