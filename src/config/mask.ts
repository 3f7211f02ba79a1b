/**
 * Hiding secrets wherever configuration is shown: `wf config`, and every message that
 * names a URI (a bad database URI, an unreachable job store). One masker, so a password
 * looks the same everywhere it is hidden.
 */

/** Names that say secret (Django's list, and AUTH): the whole value is hidden. */
const SECRET_NAME = /(SECRET|PASS|TOKEN|KEY|AUTH|PRIVATE|CREDENTIAL|SIGNATURE)/i;
const MASK = "********";
/**
 * `scheme://user:password@`: the password runs to the last `@` before the path, so an
 * unencoded `@` in it is hidden too; an empty user name still has its password hidden.
 */
const URI_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):[^/?#]*@/i;
/** A query parameter of a URI whose name says secret (`?password=...`, `&sslkey=...`). */
const URI_SECRET_PARAM = /([?&][^=&#]*(?:SECRET|PASS|TOKEN|KEY|AUTH|PRIVATE|CREDENTIAL|SIGNATURE)[^=&#]*=)[^&#]*/gi;

/**
 * The URI with its password, and the values of query parameters named like secrets
 * (`?password=`), replaced by `********`; any other text as it is.
 *
 * @example
 * ```ts
 * maskUri("postgresql://app:s3cret@db/app"); // "postgresql://app:********@db/app"
 * ```
 */
export function maskUri(text: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return text;
  return text.replace(URI_PASSWORD, `$1:${MASK}@`).replace(URI_SECRET_PARAM, `$1${MASK}`);
}

/** Names that say secret but name something else: a prefix of store keys (`SESSION_KEY_PREFIX`). */
const NOT_SECRET_NAME = /KEY_PREFIX$/i;

/**
 * The value as it may be shown: secret keys masked, passwords inside URIs hidden. A switch
 * (`CORS_SUPPORTS_CREDENTIALS = false`) and an empty list hold no secret, and masking them
 * would hide what they say (that there are no `SECRET_KEY_FALLBACKS`).
 */
export function maskValue(key: string, value: unknown): unknown {
  if (value === undefined || value === null || value === "" || typeof value === "boolean") return value;
  if (Array.isArray(value) && value.length === 0) return value;
  if (SECRET_NAME.test(key) && !NOT_SECRET_NAME.test(key)) return MASK;
  if (typeof value === "string") return maskUri(value);
  if (Array.isArray(value)) return value.map((item) => maskValue(key, item));
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(k, v)]));
  }
  return value;
}
