/**
 * A router's request hooks: they run before every route of the router (and of the routers it
 * includes), at Fastify's `onRequest` stage, so before the body is read and validated: an
 * authentication check answers 401 without reading a large body. A hook that returns a
 * Response answers with it and the route's handler does not run; one that throws
 * `HTTPException` answers `{"detail": ...}` as a handler would.
 */
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from "fastify";
import { Request } from "./request.ts";
import { Response, type ResponseContext } from "./responses.ts";

/** A router's request hook: return nothing to go on, or a Response to answer with it. */
export type RouterHook<App = unknown> = (request: Request<App>) => unknown;

/** `hook` as a Fastify `onRequest` hook of `app`'s routes. */
export function routerHook<App extends ResponseContext>(app: App, hook: RouterHook<App>): onRequestHookHandler {
  return async function routerRequestHook(this: unknown, raw: FastifyRequest, reply: FastifyReply) {
    const result = await hook(new Request(raw, reply, app));
    if (result instanceof Response) return reply.send(result.send(reply, app));
    return undefined;
  };
}
