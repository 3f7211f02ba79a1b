/**
 * Request bodies. They are kept as bytes and parsed when the handler asks
 * (`request.json()`, `request.form()`), as FastAPI does, so a malformed body only matters to
 * a handler that reads it. Parsing requires the matching content type: a JSON body must say
 * `application/json` (or `application/*+json`) and a form `application/x-www-form-urlencoded`,
 * otherwise the client gets a 415. That closes the cross-site trick of posting JSON as
 * `text/plain`, which browsers send without a CORS preflight. The size limit applies to every
 * body. A route with a body schema has its JSON body parsed before validation.
 */
import type { FastifyInstance, FastifyRequest, preValidationHookHandler } from "fastify";
import secureJson from "secure-json-parse";
import { HTTPException } from "./http-exception.ts";

export function installBodyParser(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
}

/** `application/json`, or a structured `+json` type (`application/problem+json`). */
const JSON_TYPE = /^application\/(?:[\w.!#$%&'*^`|~-]+\+)?json$/;
const FORM_TYPE = "application/x-www-form-urlencoded";

/** The media type of a Content-Type header, lower-cased and without parameters (`charset`). */
function mediaType(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  return header.split(";", 1)[0]!.trim().toLowerCase() || undefined;
}

function isJsonType(header: string | undefined): boolean {
  const type = mediaType(header);
  return type !== undefined && JSON_TYPE.test(type);
}

/** The body of `request` parsed as JSON; a 415 unless its content type is JSON. */
export function jsonBody(request: FastifyRequest): unknown {
  const body = request.body;
  // A route with a body schema had its body parsed (and validated) already.
  if (body !== undefined && body !== null && !Buffer.isBuffer(body)) return body;
  requireJsonType(request);
  return parseJson(bodyText(body));
}

/** An `application/x-www-form-urlencoded` body; a 415 for any other content type. */
export function formBody(request: FastifyRequest): URLSearchParams {
  const header = request.headers["content-type"];
  const type = mediaType(header);
  if (type === "multipart/form-data") {
    throw new HTTPException(415, "multipart/form-data is not supported; send application/x-www-form-urlencoded");
  }
  if (type !== FORM_TYPE) throw unsupported(header, FORM_TYPE);
  return new URLSearchParams(bodyText(request.body));
}

/**
 * Parses `text` as JSON: malformed JSON is a 400 for the client, and prototype poisoning
 * keys (`__proto__`, `constructor.prototype`) are refused.
 */
export function parseJson(text: string): unknown {
  try {
    return secureJson.parse(text, undefined, { protoAction: "error", constructorAction: "error" });
  } catch (error) {
    throw new HTTPException(400, `Malformed JSON body: ${(error as Error).message}`);
  }
}

/**
 * For routes with `schema.body`: Fastify validates `request.body`, so the body is parsed as
 * JSON first, and one that does not say it is JSON is a 415. A request without a body is
 * left to the schema (which may require one).
 */
export const parseBodyForSchema: preValidationHookHandler = async (request: FastifyRequest) => {
  const body = request.body;
  if (!Buffer.isBuffer(body)) return;
  requireJsonType(request);
  request.body = body.length === 0 ? undefined : parseJson(body.toString("utf8"));
};

function requireJsonType(request: FastifyRequest): void {
  const header = request.headers["content-type"];
  if (!isJsonType(header)) throw unsupported(header, "application/json");
}

function unsupported(header: string | undefined, expected: string): HTTPException {
  const got = header === undefined ? "no Content-Type" : `Content-Type ${JSON.stringify(header)}`;
  return new HTTPException(415, `Unsupported Media Type: expected Content-Type ${expected}, got ${got}`);
}

function bodyText(body: unknown): string {
  if (Buffer.isBuffer(body)) return body.toString("utf8");
  return typeof body === "string" ? body : "";
}
