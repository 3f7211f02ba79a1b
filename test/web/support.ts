/** Reading cookies off `inject()` responses. */
import type { LightMyRequestResponse } from "fastify";

/** The response's Set-Cookie lines. */
export function setCookies(res: LightMyRequestResponse): string[] {
  const value = res.headers["set-cookie"];
  return value === undefined ? [] : Array.isArray(value) ? value : [String(value)];
}

/** A Cookie header carrying every cookie the response set (name=value pairs). */
export function cookieHeader(res: LightMyRequestResponse): string {
  return setCookies(res)
    .map((line) => line.slice(0, line.indexOf(";") === -1 ? undefined : line.indexOf(";")))
    .join("; ");
}
