/**
 * `ACCESS_LOG = 1`: one line per answered request, written when the answer has gone out,
 * with the request's id. (Fastify's own request logging writes two lines per request, one
 * on arrival and one on completion.)
 */
import type { FastifyInstance } from "fastify";

export function installAccessLog(fastify: FastifyInstance): void {
  fastify.addHook("onResponse", (request, reply, done) => {
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    request.log.info(
      { method: request.method, url: request.url, statusCode: reply.statusCode, responseTime: ms, remoteAddress: request.ip },
      `${request.method} ${request.url} ${reply.statusCode} ${ms} ms`,
    );
    done();
  });
}
