/**
 * An HTTP error to send to the client: becomes `{"detail": ...}` with its status.
 *
 * @example
 * ```ts
 * if (!modelId) throw new HTTPException(400, "Bad Request");
 * throw new HTTPException(401, "Not authenticated", { "WWW-Authenticate": "Bearer" });
 * ```
 */
export class HTTPException extends Error {
  readonly statusCode: number;
  readonly detail: unknown;
  readonly headers: Readonly<Record<string, string>>;

  constructor(statusCode: number, detail?: unknown, headers: Readonly<Record<string, string>> = {}) {
    super(typeof detail === "string" ? detail : `HTTP ${statusCode}`);
    this.name = "HTTPException";
    this.statusCode = statusCode;
    this.detail = detail ?? defaultDetail(statusCode);
    this.headers = headers;
  }
}

const REASONS: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

function defaultDetail(statusCode: number): string {
  return REASONS[statusCode] ?? `HTTP ${statusCode}`;
}
