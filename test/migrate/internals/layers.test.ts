/**
 * Migrate's layering, read from the sources. From the top:
 *
 * | tier     | areas, higher rank first                                         |
 * |----------|------------------------------------------------------------------|
 * | entry    | cli; migrate/index.ts (the public surface)                       |
 * | commands | migrate/commands                                                 |
 * | services | migrate/script; migrate/runtime and migrate/autogenerate (peers) |
 * | core     | migrate/operations; migrate/dialect                              |
 * | shared   | migrate/vocabulary, migrate/errors.ts                            |
 *
 * Every import and re-export counts, `import type` included: a type import upward ties a
 * lower layer to a higher one's shapes as surely as a value import does.
 *
 * - **Down only.** A module imports only areas of lower rank. Peers (runtime, autogenerate)
 *   import neither each other.
 * - **No skipping.** An import stays in its tier or goes down exactly one: commands reach
 *   script, runtime and autogenerate but never operations or dialect (running and compiling
 *   operations is the runtime's work); script, runtime and autogenerate reach operations and
 *   dialect; the core reaches nothing below itself but the shared tier. The shared tier is
 *   open to every layer: `vocabulary/` holds what every layer speaks (dialects, operation
 *   types and kinds, specs, `SqlValue`, the contract of an operation runner), at the very
 *   bottom so that `dialect/`, which compiles operations, needs nothing above it.
 *   `migrate/index.ts` picks its public names from every layer, so it alone may reach any
 *   tier below it.
 * - **Front doors.** An area with an `index.ts` is entered through it from other areas:
 *   autogenerate imports `dialect/index.ts`, never `dialect/compiler.ts`.
 *
 * Every file under src/migrate belongs to one of these areas, so a new folder is placed in
 * the table before it can be imported.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import ts from "typescript";

const SRC = fileURLToPath(new URL("../../../src/", import.meta.url));

type Tier = "entry" | "commands" | "services" | "core" | "shared";

/** Tiers from the bottom; an import may go down one step of this list (shared: any number). */
const TIER_ORDER: readonly Tier[] = ["shared", "core", "services", "commands", "entry"];

const LAYERS: Readonly<Record<string, { readonly rank: number; readonly tier: Tier }>> = {
  cli: { rank: 8, tier: "entry" },
  "migrate/index.ts": { rank: 7, tier: "entry" },
  "migrate/commands": { rank: 6, tier: "commands" },
  "migrate/script": { rank: 5, tier: "services" },
  "migrate/runtime": { rank: 4, tier: "services" },
  "migrate/autogenerate": { rank: 4, tier: "services" },
  "migrate/operations": { rank: 3, tier: "core" },
  "migrate/dialect": { rank: 2, tier: "core" },
  "migrate/vocabulary": { rank: 1, tier: "shared" },
  "migrate/errors.ts": { rank: 0, tier: "shared" },
};

/** The public surface re-exports names of every layer. */
const SURFACE = "migrate/index.ts";

/** A path under src/ with `/` separators (`migrate/runtime/apply.ts`). */
function underSrc(file: string): string {
  return relative(SRC, file).split(sep).join("/");
}

/** The area of a file under src/ (`migrate/runtime`), or undefined outside the layered ones. */
function areaOf(file: string): string | undefined {
  const [top, second] = underSrc(file).split("/");
  if (top === "cli") return "cli";
  if (top !== "migrate" || second === undefined) return undefined;
  const area = `migrate/${second}`; // a folder, or index.ts / errors.ts
  return area in LAYERS ? area : undefined;
}

/** One relative import, re-export or `import()` of a file. */
export interface Import {
  readonly from: string;
  readonly to: string;
  readonly line: number;
  /** True when nothing is loaded at run time (`import type`, `export type`, `typeof import()`). */
  readonly typeOnly: boolean;
}

/**
 * Every relative import of a file, type-only or not. `import { type X }` loads the module
 * under `verbatimModuleSyntax`, so only `import type` / `export type` (and type queries)
 * count as type-only.
 */
export function importsOf(file: string, text: string): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Import[] = [];
  const add = (specifier: ts.Node | undefined, node: ts.Node, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith(".")) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ from: file, to: resolve(dirname(file), specifier.text), line, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, node, node.importClause?.isTypeOnly ?? false);
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, node, node.isTypeOnly);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], node, false);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal, node, true);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Imports that break a rule of the module comment, one line each. */
export function violations(imports: readonly Import[]): string[] {
  const wrong: string[] = [];
  for (const { from, to, line, typeOnly } of imports) {
    const a = areaOf(from);
    const b = areaOf(to);
    if (a === undefined || b === undefined || a === b) continue;
    const where = `${underSrc(from)}:${line} ${typeOnly ? "type-imports" : "imports"} ${underSrc(to)}`;
    const [upper, lower] = [LAYERS[a]!, LAYERS[b]!];
    const drop = TIER_ORDER.indexOf(upper.tier) - TIER_ORDER.indexOf(lower.tier);
    const door = `${b}/index.ts`;
    if (lower.rank >= upper.rank) wrong.push(`${where}: ${a} may not import ${b} (a higher layer or a peer)`);
    else if (drop > 1 && lower.tier !== "shared" && a !== SURFACE) wrong.push(`${where}: ${a} (${upper.tier}) may not skip to ${b} (${lower.tier})`);
    else if (existsSync(join(SRC, door)) && underSrc(to) !== door) wrong.push(`${where}: enter ${b} through ${door}`);
  }
  return wrong;
}

/** The .ts files under a folder of src/. */
function sources(folder: string): string[] {
  const root = join(SRC, folder);
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts"))
    .map((name) => join(root, name));
}

test("Migrate's modules import downward only, skip no tier and enter areas through their index", () => {
  const files = [...sources("migrate"), ...sources("cli")];
  assert.ok(files.length > 60, "the sources were found");
  assert.deepEqual(files.filter((file) => areaOf(file) === undefined), [], "every file belongs to a layer of the table");
  const imports = files.flatMap((file) => importsOf(file, readFileSync(file, "utf8")));
  assert.ok(imports.some((i) => areaOf(i.from) === "migrate/commands" && areaOf(i.to) === "migrate/runtime"), "imports were read");
  assert.ok(imports.some((i) => i.typeOnly && areaOf(i.from) === "migrate/dialect" && areaOf(i.to) === "migrate/vocabulary"), "type imports were read");
  assert.deepEqual(violations(imports), []);
});

test("the scan reads type-only imports as well as those that load the module", () => {
  const file = join(SRC, "migrate", "runtime", "example.ts");
  const scan = (text: string) => importsOf(file, text).map((i) => `${underSrc(i.to)}${i.typeOnly ? " (type)" : ""}`);
  assert.deepEqual(scan(`import type { RevisionFile } from "../script/revision-file.ts";`), ["migrate/script/revision-file.ts (type)"]);
  assert.deepEqual(scan(`export type { RevisionFile } from "../script/revision-file.ts";`), ["migrate/script/revision-file.ts (type)"]);
  assert.deepEqual(scan(`let x: typeof import("../script/env.ts");`), ["migrate/script/env.ts (type)"]);
  assert.deepEqual(scan(`import { type RevisionFile } from "../script/revision-file.ts";`), ["migrate/script/revision-file.ts"], "still loads the module");
  assert.deepEqual(scan(`export { importRevision } from "../script/revision-file.ts";`), ["migrate/script/revision-file.ts"]);
  assert.deepEqual(scan(`const m = await import("../commands/index.ts");`), ["migrate/commands/index.ts"]);
  assert.deepEqual(scan(`import { createHash } from "node:crypto";`), [], "packages are not layers");
});

test("upward imports (type-only too), skipped tiers and side doors are caught; the shared tier and the public surface are open", () => {
  const check = (folder: string, text: string, name = "example.ts") => violations(importsOf(join(SRC, ...folder.split("/"), name), text));
  // Down only.
  assert.match(check("migrate/dialect", `\nimport type { Operations } from "../operations/index.ts";`)[0]!, /^migrate\/dialect\/example\.ts:2 type-imports migrate\/operations\/index\.ts: migrate\/dialect may not import migrate\/operations/);
  assert.equal(check("migrate/runtime", `import type { RevisionFile } from "../script/revision-file.ts";`).length, 1);
  assert.equal(check("migrate/runtime", `import type { AutogenerateResult } from "../autogenerate/index.ts";`).length, 1, "a peer");
  assert.equal(check("migrate/vocabulary", `import type { Compiler } from "../dialect/index.ts";`).length, 1);
  // No skipping.
  assert.match(check("migrate/commands", `import { Compiler } from "../dialect/index.ts";`)[0]!, /migrate\/commands \(commands\) may not skip to migrate\/dialect \(core\)$/);
  assert.equal(check("migrate/commands", `import type { Operation } from "../operations/index.ts";`).length, 1);
  assert.equal(check("cli/commands", `import { upgrade } from "../../migrate/commands/upgrade.ts";\nimport { x } from "../../migrate/runtime/apply.ts";`).length, 2);
  assert.deepEqual(check("migrate/commands", `import type { Dialect } from "../vocabulary/index.ts";\nimport { MigrateError } from "../errors.ts";`), [], "shared by every layer");
  assert.deepEqual(check("migrate/runtime", `import { Compiler } from "../dialect/index.ts";\nimport { Operations } from "../operations/index.ts";`), []);
  assert.deepEqual(check("migrate/script", `import type { TransactionMode } from "../runtime/revision-frame.ts";`), []);
  assert.deepEqual(check("migrate", `export { Operations } from "./operations/index.ts";\nexport * as commands from "./commands/index.ts";`, "index.ts"), [], "the public surface");
  // Front doors.
  assert.match(check("migrate/autogenerate", `import { Compiler } from "../dialect/compiler.ts";`)[0]!, /enter migrate\/dialect through migrate\/dialect\/index\.ts$/);
  assert.equal(check("migrate/runtime", `import type { Dialect } from "../vocabulary/types.ts";`).length, 1);
  assert.deepEqual(check("migrate/commands", `import { withBindSession } from "../runtime/bind-session.ts";`), [], "runtime has no index");
});
