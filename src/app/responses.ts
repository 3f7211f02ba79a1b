/**
 * Response classes, after Starlette/FastAPI: return one from a handler to choose the
 * status, headers and body format. Plain objects and arrays need none (they are JSON).
 */
import { createReadStream, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { Readable } from "node:stream";
import type { FastifyReply, FastifyRequest } from "fastify";
import { deleteCookie, setCookie, type CookieOptions, type DeleteCookieOptions } from "../web/cookies.ts";
import { AppError, AppErrorCode } from "./errors.ts";

export interface ResponseInit {
  /** HTTP status; each class has its own default. */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a response needs from the app that sends it. */
export interface ResponseContext {
  /** The project root: relative file paths resolve against it. */
  readonly root: string;
  render(name: string, context: Readonly<Record<string, unknown>>, request?: FastifyRequest): string;
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/** Base class: a status, headers and a body in one content type. */
export class Response {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly content: unknown;
  protected readonly mediaType: string | undefined;
  /** Cookie changes, made on the reply when the response is sent (none: undefined, as most responses). */
  #cookies: Array<(reply: FastifyReply) => void> | undefined;

  constructor(content: unknown = null, init: ResponseInit = {}, mediaType?: string) {
    this.content = content;
    this.status = init.status ?? 200;
    this.headers = init.headers ?? NO_HEADERS;
    this.mediaType = mediaType;
  }

  /**
   * Sets a cookie with this response. Defaults: path `/`, SameSite Lax, not Secure, HttpOnly
   * only when `signed` (signed with SECRET_KEY: read it back with `request.signedCookie`).
   *
   * @example
   * ```ts
   * return new HTMLResponse("<p>saved</p>").setCookie("theme", "dark", { maxAge: 365 * 86400 });
   * ```
   */
  setCookie(name: string, value: string, options?: CookieOptions): this {
    (this.#cookies ??= []).push((reply) => setCookie(reply, name, value, options));
    return this;
  }

  /** Deletes a cookie with this response; give the `path` and `domain` it was set with, if not the defaults. */
  deleteCookie(name: string, options?: DeleteCookieOptions): this {
    (this.#cookies ??= []).push((reply) => deleteCookie(reply, name, options));
    return this;
  }

  /** Writes this response to Fastify's reply; returns what the route handler returns. */
  send(reply: FastifyReply, app: ResponseContext): unknown {
    if (this.#cookies) for (const apply of this.#cookies) apply(reply);
    reply.code(this.status);
    if (this.headers !== NO_HEADERS) reply.headers(this.headers);
    if (this.mediaType && !reply.hasHeader("content-type")) reply.type(this.mediaType);
    return this.body(app, reply);
  }

  protected body(_app: ResponseContext, _reply: FastifyReply): unknown {
    return this.content;
  }
}

/** JSON body (the default for objects and arrays). */
export class JSONResponse extends Response {
  constructor(content: unknown = null, init?: ResponseInit) {
    super(content, init, "application/json; charset=utf-8");
  }

  protected override body(): unknown {
    return JSON.stringify(this.content);
  }
}

/** HTML body; also the `responseClass` that makes a returned string HTML. */
export class HTMLResponse extends Response {
  constructor(content: unknown = "", init?: ResponseInit) {
    super(content, init, "text/html; charset=utf-8");
  }

  protected override body(_app: ResponseContext, _reply: FastifyReply): unknown {
    return textBody(this);
  }
}

/** Plain text body. */
export class PlainTextResponse extends Response {
  constructor(content: unknown = "", init?: ResponseInit) {
    super(content, init, "text/plain; charset=utf-8");
  }

  protected override body(): unknown {
    return textBody(this);
  }
}

/** Text content as sent: strings, bytes and numbers; an object would arrive as "[object Object]". */
function textBody(response: Response): string | Buffer {
  const content = response.content;
  if (content === null || content === undefined) return "";
  if (typeof content === "string" || Buffer.isBuffer(content)) return content;
  if (typeof content === "number" || typeof content === "bigint" || typeof content === "boolean") return String(content);
  throw new AppError(
    AppErrorCode.BAD_RESPONSE,
    `${response.constructor.name} needs text, got ${Array.isArray(content) ? "an array" : `a ${typeof content}`}: return a string (render() for a template), or drop responseClass to answer JSON`,
  );
}

/** A redirect (307 by default, as FastAPI: the method is kept). */
export class RedirectResponse extends Response {
  constructor(url: string, init: ResponseInit = {}) {
    super(null, { status: init.status ?? 307, headers: { ...init.headers, location: url } });
  }

  protected override body(): unknown {
    return "";
  }
}

export interface FileResponseInit extends ResponseInit {
  /** Sent as an attachment under this name. */
  readonly filename?: string;
  readonly mediaType?: string;
}

/** A file from disk, streamed; a relative path is resolved against the project root. */
export class FileResponse extends Response {
  readonly path: string;
  readonly #filename: string | undefined;

  constructor(path: string, init: FileResponseInit = {}) {
    super(null, init, init.mediaType ?? mediaTypeOf(path));
    this.path = path;
    this.#filename = init.filename;
  }

  protected override body(app: ResponseContext): unknown {
    return createReadStream(resolve(app.root, this.path));
  }

  override send(reply: FastifyReply, app: ResponseContext): unknown {
    const size = statSync(resolve(app.root, this.path)).size;
    reply.header("content-length", size);
    if (this.#filename) {
      reply.header("content-disposition", `attachment; filename="${basename(this.#filename).replace(/"/g, "")}"`);
    }
    return super.send(reply, app);
  }
}

/** A body produced piece by piece: an async iterable of strings/bytes, or a Node stream. */
export class StreamingResponse extends Response {
  constructor(
    content: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array> | Readable,
    init: ResponseInit & { readonly mediaType?: string } = {},
  ) {
    super(content, init, init.mediaType ?? "application/octet-stream");
  }

  protected override body(): unknown {
    const content = this.content as AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array> | Readable;
    return content instanceof Readable ? content : Readable.from(content);
  }
}

/** A template rendered by the app that serves it; what `render()` returns. */
export class TemplateResponse extends HTMLResponse {
  readonly template: string;

  constructor(template: string, context: Readonly<Record<string, unknown>> = {}, init?: ResponseInit) {
    super(context, init);
    this.template = template;
  }

  /** Renders for the request, so that the template can call `csrf_token()`. */
  protected override body(app: ResponseContext, reply: FastifyReply): unknown {
    return app.render(this.template, this.content as Readonly<Record<string, unknown>>, reply.request);
  }
}

/**
 * Renders `<package>/templates/<name>` (Nunjucks, autoescaped) as the handler's response.
 * Works in any handler: the app serving the request renders it.
 *
 * @example
 * ```ts
 * app.get("/", { responseClass: HTMLResponse })(() =>
 *   render("index.html", { title: "Hello World!", name: "my friend" }));
 * ```
 */
export function render(
  name: string,
  context: Readonly<Record<string, unknown>> = {},
  init?: ResponseInit,
): TemplateResponse {
  return new TemplateResponse(name, context, init);
}

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  html: "text/html; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  json: "application/json",
  csv: "text/csv; charset=utf-8",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  svg: "image/svg+xml",
  webp: "image/webp",
  ico: "image/x-icon",
  pdf: "application/pdf",
  zip: "application/zip",
};

function mediaTypeOf(path: string): string {
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return MEDIA_TYPES[ext] ?? "application/octet-stream";
}
