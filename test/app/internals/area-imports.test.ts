/**
 * The areas of src/ (its top folders: app, cli, config, db, ext, ...) import each other one
 * way only: the graph of imports between areas, type-only ones included, has no cycle. Files
 * directly under src/ (the `webfluid` entry point, the table of built-ins) tie the areas
 * together and are left out.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import ts from "typescript";

const SRC = fileURLToPath(new URL("../../../src/", import.meta.url));

/** The area of a file under src/, or undefined for the files directly in src/. */
function areaOf(file: string): string | undefined {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0] : undefined;
}

interface Edge {
  readonly from: string;
  readonly to: string;
  /** `file:line` of one import that makes the edge. */
  readonly at: string;
}

/** Every relative module a file names: imports and re-exports (type-only too), `import()`, `declare module`. */
function importedModules(file: string, text: string): Array<{ target: string; line: number }> {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Array<{ target: string; line: number }> = [];
  const add = (specifier: ts.Node | undefined, node: ts.Node) => {
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith(".")) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ target: resolve(dirname(file), specifier.text), line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier, node);
    else if (ts.isModuleDeclaration(node)) add(node.name, node);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal, node);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function areaEdges(files: readonly string[]): Edge[] {
  const edges = new Map<string, Edge>();
  for (const file of files) {
    const from = areaOf(file);
    for (const { target, line } of importedModules(file, readFileSync(file, "utf8"))) {
      const to = areaOf(target);
      if (!from || !to || from === to || edges.has(`${from}>${to}`)) continue;
      edges.set(`${from}>${to}`, { from, to, at: `${relative(SRC, file)}:${line}` });
    }
  }
  return [...edges.values()];
}

/** A cycle of the graph as its edges, or undefined when there is none. */
function findCycle(edges: readonly Edge[]): Edge[] | undefined {
  const out = new Map<string, Edge[]>();
  for (const edge of edges) out.set(edge.from, [...(out.get(edge.from) ?? []), edge]);
  const done = new Set<string>();
  const path: Edge[] = [];
  const onPath = new Set<string>();
  const visit = (area: string): Edge[] | undefined => {
    if (onPath.has(area)) return path.slice(path.findIndex((edge) => edge.from === area));
    if (done.has(area)) return undefined;
    onPath.add(area);
    for (const edge of out.get(area) ?? []) {
      path.push(edge);
      const cycle = visit(edge.to);
      if (cycle) return cycle;
      path.pop();
    }
    onPath.delete(area);
    done.add(area);
    return undefined;
  };
  for (const area of out.keys()) {
    const cycle = visit(area);
    if (cycle) return cycle;
  }
  return undefined;
}

const describeCycle = (cycle: readonly Edge[]) => cycle.map((edge) => `${edge.from} -> ${edge.to} (${edge.at})`).join(", ");

test("no two areas of src/ import each other, even for types", () => {
  const files = readdirSync(SRC, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts"))
    .map((name) => join(SRC, name));
  const edges = areaEdges(files);
  assert.ok(edges.some((edge) => edge.from === "db" && edge.to === "config"), "the imports were read");
  const cycle = findCycle(edges);
  assert.equal(cycle, undefined, cycle && `a cycle of imports between areas: ${describeCycle(cycle)}`);
});

test("the scan sees every kind of import, and finds a cycle", () => {
  const file = join(SRC, "db", "example.ts");
  const areas = (text: string) => importedModules(file, text).map(({ target }) => areaOf(target));
  assert.deepEqual(areas(`import type { Fluid } from "../app/fluid.ts";`), ["app"]);
  assert.deepEqual(areas(`export { x } from "../ext/index.ts";`), ["ext"]);
  assert.deepEqual(areas(`const m = await import("../scheduler/extension.ts");`), ["scheduler"]);
  assert.deepEqual(areas(`let x: typeof import("../cli/main.ts");`), ["cli"]);
  assert.deepEqual(areas(`declare module "../ext/extension.ts" { interface A {} }`), ["ext"]);
  assert.deepEqual(areas(`import "./builtin.ts";\nimport ts from "typescript";`), ["db"], "same area; packages are not areas");
  const edge = (from: string, to: string): Edge => ({ from, to, at: "x.ts:1" });
  assert.equal(findCycle([edge("app", "config"), edge("db", "app")]), undefined);
  assert.equal(
    describeCycle(findCycle([edge("app", "ext"), edge("ext", "db"), edge("db", "app")])!),
    "app -> ext (x.ts:1), ext -> db (x.ts:1), db -> app (x.ts:1)",
  );
});
