/** Helpers of the web tests: cookies off `inject()` responses, config mistakes. */
import assert from "node:assert/strict";
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

/** Each case's values fail building the app's server with one line of WF_ERR_CONFIG_BAD_VALUE that matches its message. */
export function assertBadConfig(
  build: (values: Record<string, unknown>) => { readonly fastify: unknown },
  cases: ReadonlyArray<readonly [Record<string, unknown>, RegExp]>,
): void {
  for (const [values, message] of cases) {
    assert.throws(() => build(values).fastify, (error: Error & { code?: string }) => {
      assert.equal(error.code, "WF_ERR_CONFIG_BAD_VALUE");
      assert.match(error.message, message);
      assert.equal(error.message.split("\n").length, 1);
      return true;
    });
  }
}
