/**
 * The web layer every app gets from its config: security headers, CORS, rate limits,
 * cookies, sessions and CSRF protection, installed on the app's Fastify instance before its
 * routes. Each feature is one file; this is the order they run in.
 */
import type { FastifyInstance } from "fastify";
import type { Config } from "../config/index.ts";
import { installCookies } from "./cookies.ts";
import { installCors } from "./cors.ts";
import { installCsrf } from "./csrf.ts";
import { parseRateLimits } from "./rate-limit-syntax.ts";
import { installRateLimit } from "./rate-limit.ts";
import "./redis-session-store.ts";
import type { WebRouteOptions } from "./route-options.ts";
import { installSecurityHeaders, securityHeadersProblem } from "./security-headers.ts";
import { installSessions } from "./sessions.ts";

export { WEB_ROUTE_CONFIG, type WebRouteOptions } from "./route-options.ts";
export type { SecurityHeadersOptions } from "./security-headers.ts";

/** Installs the web features `config` switches on; called once per app (`owner`), before any route. */
export function installWeb(fastify: FastifyInstance, config: Config, owner: object): void {
  // Headers first, so that every answer carries them: CORS preflights and 429s included.
  installSecurityHeaders(fastify, config);
  // CORS before rate limits: a 429 to an allowed origin stays readable by its page.
  installCors(fastify, config);
  installRateLimit(fastify, config);
  installCookies(fastify, config);
  installCsrf(fastify, config, installSessions(fastify, config, owner));
}

/** What is wrong with a route's web options, or undefined when nothing is. */
export function webRouteOptionsProblem(options: WebRouteOptions): string | undefined {
  if (options.securityHeaders !== undefined) {
    const problem = securityHeadersProblem(options.securityHeaders);
    if (problem) return problem;
  }
  if (typeof options.rateLimit === "string") {
    const rules = parseRateLimits(options.rateLimit);
    if (!Array.isArray(rules)) return `rateLimit: ${rules.problem}`;
  }
  return undefined;
}
