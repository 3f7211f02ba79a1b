/**
 * docs/errors.md and the error registry (`src/error-codes.ts`), kept in step: every code is
 * documented in its area's section with the registry's meaning and fix, and the page names
 * no code the registry lacks. The page is written by hand; this test only reads it.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { ERROR_CODES, ERROR_DESCRIPTIONS, type ErrorArea, type ErrorFacts } from "../../src/error-codes.ts";

const PAGE = "docs/errors.md";
const TEXT = readFileSync(new URL(`../../${PAGE}`, import.meta.url), "utf8");

/** A whole code: `WF_ERR_` and upper-case words; `WF_ERR_CONFIG_*` (a family) is not one. */
const CODE_IN_TEXT = /\bWF_ERR_[A-Z_]*[A-Z]\b/g;
/** A table row documenting a code: ``| `WF_ERR_X` | what it means | how to fix it |``. */
const ROW = /^\| `(WF_ERR_[A-Z_]+)` \|(.*)\|$/;

interface Row extends ErrorFacts {
  readonly code: string;
  /** The `## ` heading the row sits under. */
  readonly section: string;
}

/** The page's table rows, with their cells as plain text (a link reads as its text). */
function documentedRows(): Row[] {
  const rows: Row[] = [];
  let section = "";
  for (const line of TEXT.split("\n")) {
    if (line.startsWith("## ")) section = line.slice(3);
    const row = ROW.exec(line);
    if (!row) continue;
    const cells = row[2]!.split(" | ").map((cell) => cell.trim().replace(/\[([^\]]*)\]\([^)]*\)/g, "$1"));
    assert.equal(cells.length, 2, `${PAGE}: the row of ${row[1]} needs two cells after the code: what it means, how to fix it`);
    rows.push({ code: row[1]!, section, meaning: cells[0]!, fix: cells[1]! });
  }
  return rows;
}

describe(PAGE, () => {
  test("documents every registry code once, with the registry's meaning and fix", () => {
    const rows = documentedRows();
    const problems: string[] = [];
    for (const { code, meaning, fix } of ERROR_DESCRIPTIONS) {
      const found = rows.filter((row) => row.code === code);
      if (found.length !== 1) problems.push(`${code}: ${found.length} rows (want one: | \`${code}\` | what it means | how to fix it |)`);
      else if (found[0]!.meaning !== meaning) problems.push(`${code} means "${found[0]!.meaning}" here, "${meaning}" there`);
      else if (found[0]!.fix !== fix) problems.push(`${code} is fixed by "${found[0]!.fix}" here, "${fix}" there`);
    }
    assert.deepEqual(problems, [], `${PAGE} (here) and src/error-codes.ts (there) disagree; give both the same words`);
  });

  test("names no code the registry lacks", () => {
    const known = new Set<string>(ERROR_DESCRIPTIONS.map(({ code }) => code));
    const unknown = [...new Set(TEXT.match(CODE_IN_TEXT))].filter((code) => !known.has(code)).sort();
    assert.deepEqual(unknown, [], `${PAGE} names codes src/error-codes.ts does not declare: remove or fix them`);
  });

  test("gives each area one section, holding that area's codes only, in the registry's order", () => {
    const areaOf = new Map<string, ErrorArea>(ERROR_DESCRIPTIONS.map(({ code, area }) => [code, area]));
    const areasBySection = new Map<string, Set<ErrorArea | undefined>>();
    for (const { code, section } of documentedRows()) {
      areasBySection.set(section, (areasBySection.get(section) ?? new Set()).add(areaOf.get(code)));
    }
    const mixed = [...areasBySection].filter(([, areas]) => areas.size !== 1).map(([section]) => section);
    assert.deepEqual(mixed, [], `${PAGE}: these sections mix areas; document each code under its area's heading`);
    const order = [...areasBySection.values()].map((areas) => [...areas][0]);
    assert.deepEqual(order, Object.keys(ERROR_CODES), `${PAGE}: one section per area, in the order of src/error-codes.ts`);
  });
});
