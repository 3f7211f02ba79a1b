/**
 * HMAC signing of cookie values with SECRET_KEY, aware of rotation: the current key signs,
 * SECRET_KEY_FALLBACKS still verify (a value they verified is flagged for renewal). Each use
 * (signed cookies, the session cookie) signs with a key of its own derived from the secret,
 * so that a value signed for one use is never accepted for another.
 */
import { createHmac } from "node:crypto";
import type { Config } from "../config/index.ts";
import { lazyRequire } from "../lazy-require.ts";

/**
 * What a signer makes of a signed value: the value when a key verified it, and whether that
 * key was an old one (`renew`: sign it again with the current key).
 */
export type Unsigned = { valid: true; renew: boolean; value: string } | { valid: false; renew: false; value: null };

/** `sign(value)` gives `value.signature`; `unsign` verifies it against every key, in constant time. */
export interface Signer {
  sign(value: string): string;
  unsign(signed: string): Unsigned;
}

/** The config's secrets, current first; undefined without SECRET_KEY (an empty one counts as none). */
export function secretKeys(config: Config): string[] | undefined {
  const current = config.get("SECRET_KEY");
  if (typeof current !== "string" || current === "") return undefined;
  const fallbacks = config.get("SECRET_KEY_FALLBACKS").filter((key) => typeof key === "string" && key !== "");
  return [current, ...fallbacks];
}

/** A signer for one `purpose` (`cookie`, `session`) over `secrets` (current first). */
export function createSigner(secrets: readonly string[], purpose: string): Signer {
  const { Signer } = lazyRequire<typeof import("@fastify/cookie")>("@fastify/cookie");
  const derived = secrets.map((secret) => createHmac("sha256", secret).update(`webfluid.${purpose}`).digest());
  return new Signer(derived, "sha256");
}
