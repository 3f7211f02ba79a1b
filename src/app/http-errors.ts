/**
 * Every error becomes `{"detail": ...}`: HTTPExceptions with their status, client
 * mistakes Fastify detects (bad body, too large, validation) with theirs, and anything
 * else as a 500 that leaks nothing; the log keeps the stack.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isWebFluidError } from "../errors.ts";
import { HTTPException } from "./http-exception.ts";

const CLIENT_MESSAGES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: "Request body is too large",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "Unsupported Media Type",
};

export function installErrorHandlers(fastify: FastifyInstance): void {
  fastify.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof HTTPException) {
      return reply.code(error.statusCode).headers(error.headers).send({ detail: error.detail });
    }
    const status = error.statusCode;
    if (typeof status === "number" && status >= 400 && status < 500) {
      // WebFluid's own errors describe the code, not the request: log them, answer generically.
      if (isWebFluidError(error)) {
        request.log.info({ err: error }, `${request.method} ${request.url}: ${error.message}`);
        return reply.code(status).send({ detail: new HTTPException(status).detail });
      }
      return reply.code(status).send({ detail: CLIENT_MESSAGES[error.code] ?? error.message });
    }
    request.log.error({ err: error }, `unhandled error in ${request.method} ${request.url}`);
    return reply.code(500).send({ detail: "Internal Server Error" });
  });

  fastify.setNotFoundHandler((_request, reply) => reply.code(404).send({ detail: "Not Found" }));
}
