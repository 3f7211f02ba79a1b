/**
 * HMAC signing of cookie values with SECRET_KEY, aware of rotation: the current key signs,
 * SECRET_KEY_FALLBACKS still verify (a value they verified is flagged for renewal). Each use
 * (signed cookies, the session cookie) signs with a key of its own derived from the secret,
 * so that a value signed for one use is never accepted for another.
 *
 * The format is @fastify/cookie's (`value.` + the HMAC-SHA256 in base64 without its `=`), so
 * cookies signed before stay valid. Verifying runs on every request that brings a session
 * cookie, so it is done without @fastify/cookie's Signer, which allocates two buffers and runs
 * a regular expression per key tried: each derived key is a KeyObject made once, and the two
 * signatures are compared, in constant time, in two buffers kept for that.
 */
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from "node:crypto";
import type { Config } from "../config/index.ts";

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
  if (secrets.length === 0) throw new TypeError("createSigner needs at least one secret");
  return new HmacSigner(secrets.map((secret) => createSecretKey(createHmac("sha256", secret).update(`webfluid.${purpose}`).digest())));
}

/** The length of an HMAC-SHA256 in base64 without padding: 32 bytes, 43 characters (and one `=` dropped). */
const SIGNATURE_LENGTH = 43;

const INVALID: Unsigned = Object.freeze({ valid: false, renew: false, value: null });

/** The signature of `value` under `key`, as @fastify/cookie writes it. */
function signature(key: KeyObject, value: string): string {
  return createHmac("sha256", key).update(value).digest("base64").slice(0, SIGNATURE_LENGTH);
}

class HmacSigner implements Signer {
  readonly #keys: readonly KeyObject[];
  /** The signature received and the one computed, as bytes for timingSafeEqual (used synchronously, so one pair per signer). */
  readonly #received = Buffer.alloc(SIGNATURE_LENGTH);
  readonly #expected = Buffer.alloc(SIGNATURE_LENGTH);

  constructor(keys: readonly KeyObject[]) {
    this.#keys = keys;
  }

  sign(value: string): string {
    if (typeof value !== "string") throw new TypeError("Cookie value must be provided as a string.");
    return `${value}.${signature(this.#keys[0]!, value)}`;
  }

  unsign(signed: string): Unsigned {
    if (typeof signed !== "string") throw new TypeError("Signed cookie string must be provided.");
    const dot = signed.lastIndexOf(".");
    // Every signature this signer writes has this length; another one never matches (as the length check before timingSafeEqual did).
    if (dot === -1 || signed.length - dot - 1 !== SIGNATURE_LENGTH) return INVALID;
    // utf8 writes as many whole characters as fit: fewer bytes than the buffer means a character outside ASCII, never a signature.
    if (this.#received.write(signed.slice(dot + 1), 0, "utf8") !== SIGNATURE_LENGTH) return INVALID;
    const value = signed.slice(0, dot);
    const keys = this.#keys;
    for (let i = 0; i < keys.length; i++) {
      this.#expected.write(signature(keys[i]!, value), 0, "latin1");
      if (timingSafeEqual(this.#expected, this.#received)) return { valid: true, renew: i > 0, value };
    }
    return INVALID;
  }
}
