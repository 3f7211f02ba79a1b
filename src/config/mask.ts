/**
 * Hiding secrets wherever configuration is shown: `wf config`, and every message that
 * names a URI (a bad database URI, an unreachable job store). One masker, so a password
 * looks the same everywhere it is hidden.
 */

const SECRET_KEY = /(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|CREDENTIAL|API_KEY)/i;
const MASK = "********";
/**
 * `scheme://user:password@`: the password runs to the last `@` before the path, so an
 * unencoded `@` in it is hidden too; an empty user name still has its password hidden.
 */
const URI_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):[^/?#]*@/i;

/**
 * The URI with its password replaced by `********`; any other text as it is.
 *
 * @example
 * ```ts
 * maskUri("postgresql://app:s3cret@db/app"); // "postgresql://app:********@db/app"
 * ```
 */
export function maskUri(text: string): string {
  return text.replace(URI_PASSWORD, `$1:${MASK}@`);
}

/** The value as it may be shown: secret keys masked, passwords inside URIs hidden. */
export function maskValue(key: string, value: unknown): unknown {
  if (value === undefined || value === null || value === "") return value;
  if (SECRET_KEY.test(key)) return MASK;
  if (typeof value === "string") return maskUri(value);
  if (Array.isArray(value)) return value.map((item) => maskValue(key, item));
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(k, v)]));
  }
  return value;
}
