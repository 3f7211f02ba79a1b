/**
 * Migrate's layering, read from the sources: cli -> commands -> script directory -> runtime
 * -> operations -> dialect SQL. A module may import a higher layer (or a peer area on its
 * own level) only with `import type` / `export type`, which leaves no trace at run time.
 * `import { type X }` does not count as type-only: under `verbatimModuleSyntax` it still
 * loads the module.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import ts from "typescript";

const SRC = fileURLToPath(new URL("../../../src/", import.meta.url));
const MIGRATE = join(SRC, "migrate");

/**
 * Rank of each area: a value import must go to a lower rank (or stay in its own area).
 * `autogenerate` sits beside the runtime: it compares models using operations and the
 * dialect, and only commands call it. `errors.ts` is shared by every layer.
 */
const RANKS: Readonly<Record<string, number>> = {
  cli: 7,
  "migrate/index.ts": 6,
  "migrate/commands": 5,
  "migrate/script": 4,
  "migrate/runtime": 3,
  "migrate/autogenerate": 3,
  "migrate/operations": 2,
  "migrate/dialect": 1,
  "migrate/errors.ts": 0,
};

/** The area of a file under src/ (`migrate/runtime`), or undefined outside the ranked ones. */
function areaOf(file: string): string | undefined {
  const path = relative(SRC, file).split(sep).join("/");
  const [top, second] = path.split("/");
  if (top === "cli") return "cli";
  if (top !== "migrate" || second === undefined) return undefined;
  const area = `migrate/${second}`; // a folder, or index.ts / errors.ts
  return area in RANKS ? area : undefined;
}

interface ValueImport {
  readonly from: string;
  readonly to: string;
  readonly line: number;
}

/** Relative imports and re-exports of a file that load the target module at run time. */
export function valueImports(file: string, text: string): ValueImport[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: ValueImport[] = [];
  const add = (specifier: ts.Expression | undefined, node: ts.Node) => {
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith(".")) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ from: file, to: resolve(dirname(file), specifier.text), line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) add(node.moduleSpecifier, node);
    else if (ts.isExportDeclaration(node) && !node.isTypeOnly) add(node.moduleSpecifier, node);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Value imports that go up a layer or sideways into a peer area. */
export function upwardImports(imports: readonly ValueImport[]): string[] {
  const wrong: string[] = [];
  for (const { from, to, line } of imports) {
    const a = areaOf(from);
    const b = areaOf(to);
    if (a === undefined || b === undefined || a === b) continue;
    if (RANKS[b]! >= RANKS[a]!) wrong.push(`${relative(SRC, from)}:${line} value-imports ${relative(SRC, to)} (${a} may only "import type" from ${b})`);
  }
  return wrong;
}

test("no module of Migrate value-imports a higher layer", () => {
  const files = readdirSync(MIGRATE, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts"))
    .map((name) => join(MIGRATE, name));
  assert.ok(files.length > 40, "the sources were found");
  const imports = files.flatMap((file) => valueImports(file, readFileSync(file, "utf8")));
  assert.ok(imports.some((i) => areaOf(i.from) === "migrate/commands" && areaOf(i.to) === "migrate/runtime"), "imports were read");
  assert.deepEqual(upwardImports(imports), []);
});

test("the scan tells a type-only import from one that loads the module", () => {
  const file = join(MIGRATE, "runtime", "example.ts");
  const scan = (text: string) => upwardImports(valueImports(file, text));
  assert.deepEqual(scan(`import type { RevisionFile } from "../script/revision-file.ts";`), []);
  assert.deepEqual(scan(`export type { RevisionFile } from "../script/revision-file.ts";`), []);
  assert.deepEqual(scan(`import { Compiler } from "../dialect/index.ts";\nimport { MigrateError } from "../errors.ts";`), []);
  assert.equal(scan(`import { importRevision } from "../script/revision-file.ts";`).length, 1);
  assert.equal(scan(`import { type RevisionFile } from "../script/revision-file.ts";`).length, 1, "still loads the module");
  assert.equal(scan(`export { importRevision } from "../script/revision-file.ts";`).length, 1);
  assert.equal(scan(`const m = await import("../commands/index.ts");`).length, 1);
  assert.equal(scan(`import { autogenerate } from "../autogenerate/index.ts";`).length, 1, "a peer area");
  assert.match(scan(`\n\nimport { upgrade } from "../commands/upgrade.ts";`)[0]!, /^migrate\/runtime\/example\.ts:3 value-imports migrate\/commands\/upgrade\.ts/);
});
