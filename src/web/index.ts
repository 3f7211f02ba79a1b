/**
 * The web layer every app gets from its config: security headers, CORS, rate limits,
 * cookies, sessions and CSRF protection, installed on the app's Fastify instance before its
 * routes. Each feature is one file; this is the order they run in.
 */
import type { FastifyInstance } from "fastify";
import type { Config } from "../config/index.ts";
import { installCookies } from "./cookies.ts";
import { installCsrf } from "./csrf.ts";
import "./fastify-types.ts";
import "./redis-session-store.ts";
import { installSessions } from "./sessions.ts";

/** Installs the web features `config` switches on; called once per app (`owner`), before any route. */
export function installWeb(fastify: FastifyInstance, config: Config, owner: object): void {
  installCookies(fastify, config);
  installCsrf(fastify, config, installSessions(fastify, config, owner));
}
