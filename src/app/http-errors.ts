/**
 * Every error becomes `{"detail": ...}`, wherever the HTTP layer meets it: HTTPExceptions with
 * their status; requests that fail their route's schemas as 422s listing the fields
 * (validation-errors.ts); client mistakes Fastify detects (bad body, too large, a URL that
 * is not valid percent-encoding) with theirs; requests Node refuses before Fastify sees them
 * (too slow, headers too large, not HTTP) as a raw response written on the socket; anything
 * else as a 500 that leaks nothing, the log keeping the stack.
 */
import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isWebFluidError } from "../errors.ts";
import { appSecurityHeaders } from "../web/security-headers.ts";
import { HTTPException } from "./http-exception.ts";
import { validationIssues } from "./validation-errors.ts";

const CLIENT_MESSAGES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: "Request body is too large",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "Unsupported Media Type",
  FST_ERR_BAD_URL: "Bad Request: the URL is not valid percent-encoding",
};

export function installErrorHandlers(fastify: FastifyInstance): void {
  fastify.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof HTTPException) {
      return reply.code(error.statusCode).headers(error.headers).send({ detail: error.detail });
    }
    // A request that fails its route's schemas: 422 with FastAPI's list of {loc, msg, type}.
    if (Array.isArray(error.validation)) {
      return reply.code(422).send({ detail: validationIssues(error, request) });
    }
    const status = error.statusCode;
    if (typeof status === "number" && status >= 400 && status < 500) {
      // WebFluid's own errors describe the code, not the request: log them, answer generically.
      if (isWebFluidError(error)) {
        request.log.info({ err: error }, `${request.method} ${request.url}: ${error.message}`);
        return reply.code(status).send({ detail: new HTTPException(status).detail });
      }
      return reply.code(status).send({ detail: clientMessage(error) });
    }
    request.log.error({ err: error }, `unhandled error in ${request.method} ${request.url}`);
    // A header Node refused (a line break in its value) would fail this answer too, and Fastify's
    // own fallback would then send the error's message: drop the headers that cannot be sent.
    if (error.code === "ERR_INVALID_CHAR" || error.code === "ERR_INVALID_HTTP_TOKEN") dropUnsendableHeaders(reply);
    return reply.code(500).send({ detail: "Internal Server Error" });
  });

  fastify.setNotFoundHandler((_request, reply) => reply.code(404).send({ detail: "Not Found" }));
}

function dropUnsendableHeaders(reply: FastifyReply): void {
  const { validateHeaderName, validateHeaderValue } = process.getBuiltinModule("node:http");
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    try {
      validateHeaderName(name);
      for (const item of value === undefined ? [] : [value].flat()) validateHeaderValue(name, String(item));
    } catch {
      reply.removeHeader(name);
    }
  }
}

function clientMessage(error: FastifyError): string {
  return CLIENT_MESSAGES[error.code] ?? error.message;
}

/**
 * Fastify's `frameworkErrors` option: errors met while routing, before any handler or error
 * handler (a URL such as `/%zz`, a failing async route constraint). No hook runs for these,
 * so the app's security headers are added here.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const headers = appSecurityHeaders(request.server);
  if (headers) reply.headers(headers);
  const status = error.statusCode ?? 500;
  if (status >= 500) {
    request.log.error({ err: error }, `unhandled error routing ${request.method} ${request.url}`);
    reply.code(500).send({ detail: "Internal Server Error" });
    return;
  }
  reply.code(status).send({ detail: clientMessage(error) });
}

/** What Node's HTTP parser and timers report, by error code: the status and detail to answer. */
const CONNECTION_ERRORS: Readonly<Record<string, readonly [status: number, detail: string]>> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, "Request Timeout: the request was not received in time"],
  HPE_HEADER_OVERFLOW: [431, "Request Header Fields Too Large"],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, "Payload Too Large: chunk extensions are too large"],
};
const MALFORMED: readonly [number, string] = [400, "Bad Request: malformed HTTP request"];

/**
 * Fastify's `clientErrorHandler` option: Node's `clientError`, for a request Node refuses
 * itself (sent too slowly, headers too large, not HTTP). There is no reply object, so the
 * response is written on the socket, which is then closed.
 */
export function clientErrorHandler(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [status, detail] = CONNECTION_ERRORS[error.code] ?? MALFORMED;
  this.log.debug(`client error ${error.code}: answered ${status}`);
  // A response already under way (its headers sent) would be corrupted by a second one.
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  socket.end(rawResponse(status, detail), () => socket.destroy());
}

/** A complete HTTP/1.1 response with a `{"detail": ...}` body, closing the connection. */
function rawResponse(status: number, detail: string): string {
  const body = JSON.stringify({ detail });
  return [
    `HTTP/1.1 ${status} ${statusText(status)}`,
    "Content-Type: application/json; charset=utf-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "Connection: close",
    "",
    body,
  ].join("\r\n");
}

/**
 * The reason phrase of `status`. node:http is fetched at the first client error, not
 * imported: an ESM import of it evaluates every export, undici's WebSocket included
 * (about 60 ms of every `wf` command).
 */
function statusText(status: number): string {
  return process.getBuiltinModule("node:http").STATUS_CODES[status] ?? "";
}
