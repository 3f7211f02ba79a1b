/** Hiding secrets when configuration is printed (`wf config`). */

const SECRET_KEY = /(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|CREDENTIAL|API_KEY)/i;
const MASK = "********";

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

function maskUri(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]+):([^@/]+)@/i, `$1:${MASK}@`);
}
