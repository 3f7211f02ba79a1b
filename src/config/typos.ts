/**
 * Keys that look like a misspelt known key. A config accepts any key (extensions and apps
 * read their own), so `PROT = 9000` is kept silently; here it is named, with the key it
 * probably meant, for `wf config` and the start of an app to warn about.
 */
import type { Config } from "./config.ts";
import { DECLARED_KINDS, FRAMEWORK_DEFAULTS } from "./known-keys.ts";

/** One warning per key set but never read that is close to a known one: `PROT (app_configs/app.ini): ... PORT?`. */
export function misspelledKeys(config: Config): string[] {
  const known = new Set([...Object.keys(FRAMEWORK_DEFAULTS), ...Object.keys(DECLARED_KINDS), ...config.defaultedKeys()]);
  const warnings: string[] = [];
  for (const entry of config.entries()) {
    if (known.has(entry.key)) continue;
    const meant = closest(entry.key, known);
    if (meant) warnings.push(`${entry.key} (${entry.source}) is not a key WebFluid or an extension reads; did you mean ${meant}?`);
  }
  return warnings;
}

/** The known key within a typo or two of `key` (one for short keys), if exactly one is closest. */
function closest(key: string, known: ReadonlySet<string>): string | undefined {
  const limit = key.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of known) {
    const distance = editDistance(key, candidate, limit);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/**
 * Edits (insert, delete, replace, swap two neighbours) from `a` to `b`: the optimal string
 * alignment distance, so `PROT` is one edit from `PORT`. Gives up past `limit`.
 */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
