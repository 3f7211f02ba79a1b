/**
 * The web features' route options (`securityHeaders`, `rateLimit`, `csrf`), as a route carries them
 * to Fastify: in its config under one key, so that they never collide with a Fastify plugin's
 * own route config.
 */
import type { SecurityHeadersOptions } from "./security-headers.ts";

/** The route options the web features read. */
export interface WebRouteOptions {
  readonly securityHeaders?: false | SecurityHeadersOptions;
  readonly rateLimit?: string | false;
  /** False turns CSRF protection off for the route (default on). */
  readonly csrf?: boolean;
}

/** The key of a Fastify route's config that holds its {@link WebRouteOptions}. */
export const WEB_ROUTE_CONFIG = "webfluid";

/** The web options of a Fastify route (none for routes registered on Fastify directly). */
export function webRouteOptions(route: { readonly config?: unknown }): WebRouteOptions {
  const config = route.config as Record<string, WebRouteOptions | undefined> | undefined;
  return config?.[WEB_ROUTE_CONFIG] ?? {};
}

/** True for routes the app declared through WebFluid (not static files, not Fastify's own routes). */
export function isAppRoute(route: { readonly config?: unknown }): boolean {
  const config = route.config as Record<string, unknown> | undefined;
  return config !== undefined && WEB_ROUTE_CONFIG in config;
}
