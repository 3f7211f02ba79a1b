/**
 * The OpenAPI routes: `GET /openapi.json` (OPENAPI_URL), Swagger UI at `/docs` (DOCS_URL) and
 * ReDoc at `/redoc` (REDOC_URL), each turned off by an empty value (or null in a config
 * class); without the document there are no pages. They are the framework's own routes,
 * registered on Fastify directly: not in `app.routes()`, `wf routes` or the document.
 * Swagger UI (`swagger-ui-dist`, a dependency) and ReDoc (`redoc`, an optional peer dependency
 * the project installs) are served from node_modules, never from a CDN.
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ConfigError, ConfigErrorCode, type Config } from "../../config/index.ts";
import { csrfProtects, csrfToken } from "../../web/csrf.ts";
import { AppError, AppErrorCode } from "../errors.ts";
import type { DeclaredRoute } from "../route-table.ts";
import { webRouteConfig } from "../routing.ts";
import { openapiPath, type OpenAPIDocument } from "./document.ts";
import { DOCS_CONTENT_SECURITY_POLICY, redocMissingPage, redocPage, swaggerPage, SWAGGER_INIT_SCRIPT } from "./pages.ts";

/** Where the document and the pages are, from the config; undefined for those turned off. */
export interface OpenAPIUrls {
  readonly openapi: string | undefined;
  readonly docs: string | undefined;
  readonly redoc: string | undefined;
}

/** OPENAPI_URL, DOCS_URL and REDOC_URL, checked: a path, or off. The pages are off with the document. */
export function openapiUrls(config: Config): OpenAPIUrls {
  const openapi = urlOf(config, "OPENAPI_URL");
  return {
    openapi,
    docs: openapi === undefined ? undefined : urlOf(config, "DOCS_URL"),
    redoc: openapi === undefined ? undefined : urlOf(config, "REDOC_URL"),
  };
}

function urlOf(config: Config, key: string): string | undefined {
  const value: unknown = config.get(key);
  if (value === null || value === undefined || value === "" || value === false) return undefined;
  if (typeof value !== "string" || !value.startsWith("/") || /[\s?#{}*:]/.test(value)) {
    throw new ConfigError(
      ConfigErrorCode.BAD_VALUE,
      `${key} (${config.entry(key)?.source}) must be a path starting with "/" such as "/docs", or empty to turn it off; got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

export interface OpenAPIHost {
  readonly config: Config;
  readonly name: string;
  readonly root: string;
  /** The document, built on first use and again after routes were added. */
  openapi(): OpenAPIDocument;
  /** The app's routes, to refuse one that takes a docs URL. */
  declaredRoutes(): readonly DeclaredRoute[];
}

/** The files Swagger UI's page loads, and their types. */
const SWAGGER_FILES: Readonly<Record<string, string>> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
  "favicon-16x16.png": "image/png",
};
const REDOC_BUNDLE = "redoc/bundles/redoc.standalone.js";

/** Registers the routes OPENAPI_URL, DOCS_URL and REDOC_URL ask for on `fastify`. */
export function installOpenAPI(fastify: FastifyInstance, host: OpenAPIHost): void {
  const urls = openapiUrls(host.config);
  if (urls.openapi === undefined) return;
  refuseTaken(host, urls);
  const openapiUrl = urls.openapi;
  const title = String(host.config.get("OPENAPI_TITLE") ?? "") || host.name;
  const page = { securityHeaders: { contentSecurityPolicy: DOCS_CONTENT_SECURITY_POLICY } };
  const asset = { rateLimit: false } as const;

  let cached: { routes: number; json: string } | undefined;
  fastify.get(openapiUrl, { config: webRouteConfig({}, `GET ${openapiUrl}`) }, (_request, reply) => {
    const routes = host.declaredRoutes().length;
    if (cached?.routes !== routes) cached = { routes, json: JSON.stringify(host.openapi()) };
    return reply.type("application/json; charset=utf-8").send(cached.json);
  });

  if (urls.docs !== undefined) {
    const docsUrl = urls.docs;
    const assets = `${docsUrl.replace(/\/$/, "")}/assets/`;
    const swaggerDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
    const csrf = csrfProtects(host.config);
    fastify.get(docsUrl, { config: webRouteConfig(page, `GET ${docsUrl}`) }, (request, reply) => {
      const token = csrf ? csrfToken(request) : undefined;
      return reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").send(swaggerPage({ title, openapiUrl, assets, csrfToken: token }));
    });
    fastify.get(`${assets}init.js`, { config: webRouteConfig(asset, `GET ${assets}init.js`) }, (_request, reply) =>
      reply.type("text/javascript; charset=utf-8").header("cache-control", "no-cache").send(SWAGGER_INIT_SCRIPT),
    );
    for (const [file, type] of Object.entries(SWAGGER_FILES)) {
      fastify.get(`${assets}${file}`, { config: webRouteConfig(asset, `GET ${assets}${file}`) }, (request, reply) => sendFile(request, reply, join(swaggerDir, file), type));
    }
  }

  if (urls.redoc !== undefined) {
    const redocUrl = urls.redoc;
    const bundleUrl = `${redocUrl.replace(/\/$/, "")}/assets/redoc.standalone.js`;
    fastify.get(redocUrl, { config: webRouteConfig(page, `GET ${redocUrl}`) }, (_request, reply) => {
      const found = redocBundle(host.root) !== undefined;
      reply.type("text/html; charset=utf-8").header("cache-control", "no-cache");
      if (!found) return reply.code(404).send(redocMissingPage({ docsUrl: urls.docs, openapiUrl }));
      return reply.send(redocPage({ title, openapiUrl, bundle: bundleUrl }));
    });
    fastify.get(bundleUrl, { config: webRouteConfig(asset, `GET ${bundleUrl}`) }, (request, reply) => {
      const bundle = redocBundle(host.root);
      if (bundle === undefined) return reply.code(404).type("text/plain; charset=utf-8").send("redoc is not installed: npm install redoc@2\n");
      return sendFile(request, reply, bundle, "text/javascript; charset=utf-8");
    });
  }
}

/**
 * ReDoc's standalone bundle, looked for from the project root (where `npm install redoc`
 * puts it), each time: installing it needs no restart of a running app.
 */
export function redocBundle(root: string): string | undefined {
  try {
    return createRequire(join(root, "package.json")).resolve(REDOC_BUNDLE);
  } catch {
    return undefined;
  }
}

/** A file of a package, revalidated by the browser (its ETag changes with the file). */
function sendFile(request: FastifyRequest, reply: FastifyReply, file: string, type: string): FastifyReply {
  if (!existsSync(file)) return reply.code(404).type("text/plain; charset=utf-8").send("Not Found\n");
  const { size, mtimeMs } = statSync(file);
  const etag = `"${size.toString(36)}-${Math.floor(mtimeMs).toString(36)}"`;
  reply.header("etag", etag).header("cache-control", "no-cache");
  if (request.headers["if-none-match"] === etag) return reply.code(304).send();
  return reply.type(type).header("content-length", size).send(createReadStream(file));
}

/** A route of the app on one of the URLs is a conflict: say which key to change. */
function refuseTaken(host: OpenAPIHost, urls: OpenAPIUrls): void {
  const keys: Array<[string, string | undefined]> = [["OPENAPI_URL", urls.openapi], ["DOCS_URL", urls.docs], ["REDOC_URL", urls.redoc]];
  for (const route of host.declaredRoutes()) {
    if (route.method !== "GET" && route.method !== "HEAD") continue;
    const path = openapiPath(route.path);
    const taken = keys.find(([, url]) => url === path);
    if (taken) {
      throw new AppError(
        AppErrorCode.DUPLICATE_ROUTE,
        `route ${route.method} ${path} takes the URL of ${taken[0]} (the API ${taken[0] === "OPENAPI_URL" ? "document" : "docs page"}); set ${taken[0]} to another path, or empty to turn it off`,
      );
    }
  }
}
