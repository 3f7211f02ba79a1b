/**
 * Rate limits per client address, through @fastify/rate-limit: RATELIMIT_DEFAULT on every
 * route the app declares (each route counted on its own, as Flask-Limiter counts), a route's
 * own `rateLimit` instead, counters in memory or in Redis (RATELIMIT_STORAGE_URI) so that
 * every process of the app shares them. An exceeded limit answers 429 with Retry-After and
 * `{"detail": ...}`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions as FastifyRouteOptions, onRequestHookHandler } from "fastify";
import type fastifyRateLimit from "@fastify/rate-limit";
import type { Redis } from "ioredis";
import { ConfigError, ConfigErrorCode, maskUri, type Config } from "../config/index.ts";
import { lazyRequire } from "../lazy-require.ts";
import { redisClient } from "./redis.ts";
import { isAppRoute, webRouteOptions } from "./route-options.ts";
import { parseRateLimits, type RateLimitRule } from "./rate-limit-syntax.ts";

type RateLimitPlugin = typeof fastifyRateLimit;
type Limiter = ReturnType<FastifyInstance["createRateLimit"]>;
/** The Redis client's states between a lost connection and the next attempt. */
const DOWN = ["reconnecting", "close", "end"];
type Checked = Exclude<Awaited<ReturnType<Limiter>>, { isAllowed: true }>;

/** What every limited route shares: how to count, where, and what a storage failure means. */
interface LimitContext {
  readonly fastify: FastifyInstance;
  readonly swallowErrors: boolean;
  /** The Redis client, when counters live in Redis. */
  readonly redis: Redis | undefined;
  /** True while the storage fails, so that an outage is logged once. */
  failing: boolean;
}

/** Counts requests on the routes that have a limit; a no-op when RATELIMIT_ENABLED is off. */
export function installRateLimit(fastify: FastifyInstance, config: Config): void {
  if (!config.get("RATELIMIT_ENABLED")) return;
  const defaults = defaultLimits(config);
  const storage = storageUri(config);
  const redis = storage === "memory://" ? undefined : redisClient(fastify, storage);
  fastify.register(lazyRequire<RateLimitPlugin>("@fastify/rate-limit"), {
    global: false,
    nameSpace: config.get("RATELIMIT_KEY_PREFIX") ?? `ratelimit:${config.name}:`,
    redis,
  });
  const context: LimitContext = {
    fastify,
    swallowErrors: config.get("RATELIMIT_SWALLOW_ERRORS") !== false,
    redis,
    failing: false,
  };
  fastify.addHook("onRoute", (route: FastifyRouteOptions) => {
    // Routes the app declares carry WebFluid's route config; static files and Fastify's own
    // routes (CORS preflights) do not, and are not limited.
    if (!isAppRoute(route)) return;
    const own = webRouteOptions(route).rateLimit;
    if (own === false) return;
    const rules = own === undefined ? defaults : parseRateLimits(own);
    if (!Array.isArray(rules) || rules.length === 0) return;
    const hook = limitHook(context, `${String(route.method)} ${route.url}`, rules);
    route.onRequest = [hook, ...(route.onRequest === undefined ? [] : [route.onRequest].flat())];
  });
}

/** The onRequest hook of one route: checks each of its limits, answers 429 past one. */
function limitHook(context: LimitContext, scope: string, rules: readonly RateLimitRule[]): onRequestHookHandler {
  let limiters: Limiter[] | undefined;
  return async function checkRateLimits(request: FastifyRequest, reply: FastifyReply) {
    // Built at the first request: the plugin's createRateLimit exists once Fastify has loaded it.
    limiters ??= rules.map((rule) => limiterFor(context.fastify, scope, rule));
    let results: Checked[];
    try {
      if (!storageUp(context)) throw new Error("Redis is unreachable");
      results = (await Promise.all(limiters.map((limiter) => limiter(request)))).filter((result): result is Checked => !result.isAllowed);
    } catch (error) {
      return storageFailed(context, request, reply, error as Error);
    }
    if (context.failing) {
      context.failing = false;
      request.log.info("rate limit storage works again");
    }
    const exceeded = results.filter((result) => result.isExceeded);
    const shown = (exceeded.length > 0 ? exceeded : results).reduce((a, b) => (b.remaining < a.remaining ? b : a));
    reply.header("x-ratelimit-limit", shown.max);
    reply.header("x-ratelimit-remaining", shown.remaining);
    reply.header("x-ratelimit-reset", shown.ttlInSeconds);
    if (exceeded.length === 0) return;
    const retryAfter = Math.max(1, ...exceeded.map((result) => result.ttlInSeconds));
    const rule = rules[results.indexOf(exceeded[0]!)]!;
    return reply.code(429).header("retry-after", retryAfter).send({ detail: `Rate limit exceeded: ${rule.text}` });
  };
}

/** A counter of `rule` on one route, keyed by client address (`request.ip`, which honours TRUST_PROXY). */
function limiterFor(fastify: FastifyInstance, scope: string, rule: RateLimitRule): Limiter {
  const { normalizeIP } = lazyRequire<RateLimitPlugin>("@fastify/rate-limit");
  return fastify.createRateLimit({
    max: rule.count,
    timeWindow: rule.windowMs,
    keyGenerator: (request) => `${scope}|${rule.count}/${rule.windowMs}|${normalizeIP(request.ip)}`,
  });
}

/**
 * Whether to ask the storage: not while Redis is known to be down (a command sent then would
 * wait for two more connection attempts, seconds), so only the first request of an outage waits.
 */
function storageUp(context: LimitContext): boolean {
  const redis = context.redis;
  if (!redis || redis.status === "ready") return true;
  return !context.failing && !DOWN.includes(redis.status);
}

/** Storage down: let the request through with a warning (logged once per outage), or answer 503. */
function storageFailed(context: LimitContext, request: FastifyRequest, reply: FastifyReply, error: Error): FastifyReply | undefined {
  if (!context.failing) {
    context.failing = true;
    const outcome = context.swallowErrors ? "requests are let through unlimited" : "requests get 503";
    request.log.warn(`rate limit storage failed (${error.message}); ${outcome} until it works again`);
  }
  if (context.swallowErrors) return undefined;
  return reply.code(503).send({ detail: "Service Unavailable" });
}

function defaultLimits(config: Config): RateLimitRule[] {
  const text = config.get("RATELIMIT_DEFAULT");
  if (text === undefined || text === "") return [];
  const rules = typeof text === "string" ? parseRateLimits(text) : { problem: `expected text, got ${JSON.stringify(text)}` };
  if (Array.isArray(rules)) return rules;
  throw new ConfigError(ConfigErrorCode.BAD_VALUE, `RATELIMIT_DEFAULT (${config.entry("RATELIMIT_DEFAULT")?.source}): ${rules.problem}`);
}

function storageUri(config: Config): string {
  const uri = config.get("RATELIMIT_STORAGE_URI");
  if (uri === "memory://" || (typeof uri === "string" && /^rediss?:\/\/./.test(uri))) return uri;
  throw new ConfigError(
    ConfigErrorCode.BAD_VALUE,
    `RATELIMIT_STORAGE_URI (${config.entry("RATELIMIT_STORAGE_URI")?.source}) must be memory:// or a redis:// (rediss://) URI, got ${JSON.stringify(maskUri(String(uri)))}`,
  );
}
