/**
 * Request bodies. They are kept as bytes and parsed when the handler asks
 * (`request.json()`), as FastAPI does: any content type is accepted, and a malformed body
 * only matters to a handler that reads it. The size limit still applies to every body.
 * A route with a body schema is the exception: its JSON body is parsed before validation.
 */
import type { FastifyInstance, FastifyRequest, preValidationHookHandler } from "fastify";
import secureJson from "secure-json-parse";
import { HTTPException } from "./http-exception.ts";

export function installBodyParser(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
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
 * For routes with `schema.body`: Fastify validates `request.body`, so a JSON body (by
 * content type, or any body when none is given) is parsed first; other bodies stay bytes
 * and fail the schema as they should.
 */
export const parseBodyForSchema: preValidationHookHandler = async (request: FastifyRequest) => {
  const body = request.body;
  if (!Buffer.isBuffer(body)) return;
  const type = request.headers["content-type"];
  if (type === undefined || /^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    request.body = body.length === 0 ? undefined : parseJson(body.toString("utf8"));
  }
};
