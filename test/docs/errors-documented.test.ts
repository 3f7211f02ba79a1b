/**
 * docs/errors.md and the error codes declared in `src/**\/errors.ts`, kept in step: every
 * declared code is documented, and the page names no code the source does not declare.
 *
 * The sources are read at test time (not a list copied here), so a new area or a new code
 * is picked up by itself. Codes are taken from the code of each errors.ts (string literals
 * such as "WF_ERR_DB_BAD_URI" and keys such as WF_ERR_MIGRATE_UNKNOWN_OBJECT), never from
 * its comments, so a comment that names a code does not count as declaring it.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, test } from "node:test";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SRC = join(ROOT, "src");
const DOCS = join(ROOT, "docs", "errors.md");

/** A whole code: `WF_ERR_` and upper-case words; `WF_ERR_CONFIG_*` (a family) is not one. */
const CODE = /^WF_ERR_[A-Z_]*[A-Z]$/;
const CODE_IN_TEXT = /\bWF_ERR_[A-Z_]*[A-Z]\b/g;

/** Every `errors.ts` under src/, as paths relative to src/ (`db/errors.ts`, `errors.ts`). */
function errorFiles(): string[] {
  return readdirSync(SRC, { recursive: true, encoding: "utf8" })
    .filter((file) => basename(file) === "errors.ts")
    .sort();
}

/** The codes a TypeScript file declares: literals and names that are exactly a code. */
function declaredCodes(file: string): Set<string> {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const codes = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isIdentifier(node)) {
      if (CODE.test(node.text)) codes.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return codes;
}

/** Code -> the files declaring it. */
function sourceCodes(): Map<string, string[]> {
  const codes = new Map<string, string[]>();
  for (const file of errorFiles()) {
    for (const code of declaredCodes(join(SRC, file))) codes.set(code, [...(codes.get(code) ?? []), `src/${file}`]);
  }
  return codes;
}

function documentedCodes(): Set<string> {
  return new Set(readFileSync(DOCS, "utf8").match(CODE_IN_TEXT) ?? []);
}

describe("docs/errors.md", () => {
  test("the scan finds the codes of every area's errors.ts", () => {
    const declared = sourceCodes();
    for (const file of errorFiles().filter((f) => dirname(f) !== ".")) {
      const found = [...declared.values()].some((files) => files.includes(`src/${file}`));
      assert.ok(found, `src/${file} declares no WF_ERR_ code: the scan (or the file) is broken`);
    }
  });

  test("documents every code declared in src/**/errors.ts", () => {
    const documented = documentedCodes();
    const missing = [...sourceCodes()]
      .filter(([code]) => !documented.has(code))
      .map(([code, files]) => `${code} (${files.join(", ")})`)
      .sort();
    assert.deepEqual(missing, [], `add these codes to ${relative(ROOT, DOCS)}: what each means and how to fix it`);
  });

  test("names no code that the source does not declare", () => {
    const declared = sourceCodes();
    const unknown = [...documentedCodes()].filter((code) => !declared.has(code)).sort();
    assert.deepEqual(unknown, [], `${relative(ROOT, DOCS)} names codes no src/**/errors.ts declares: remove or fix them`);
  });
});
