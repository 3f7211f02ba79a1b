/**
 * The package's runtime dependencies are exactly what its code imports: every package the
 * sources (src/, bin/) load at run time or name in a type is a dependency, and every
 * dependency is loaded by something. Bench and test tools stay dev dependencies.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};
/** Optional peer dependencies: packages the code loads when the project installs them (ReDoc for `/redoc`). */
const optionalPeers = Object.keys(pkg.peerDependencies ?? {}).filter((name) => pkg.peerDependenciesMeta?.[name]?.optional === true);

/** Calls whose first string argument names a module: `import("x")`, `require("x")`, `lazyRequire("x")`, `.resolve("x")`. */
const LOADERS = new Set(["require", "lazyRequire", "resolve"]);

/** Bare module specifiers a file imports, re-exports, loads dynamically or resolves. */
function specifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (name && LOADERS.has(name))) found.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The package a bare specifier belongs to (`@scope/name`, `name`), or undefined for relative, builtin and own imports. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("#") || specifier.startsWith("node:")) return undefined;
  const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!;
  if (builtinModules.includes(name) || name === pkg.name) return undefined;
  return name;
}

function sourceFiles(): string[] {
  const files = readdirSync(join(ROOT, "src"), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => join(ROOT, "src", file));
  const bin = readdirSync(join(ROOT, "bin")).filter((file) => file.endsWith(".js")).map((file) => join(ROOT, "bin", file));
  return [...files, ...bin];
}

test("runtime dependencies are exactly the packages src/ and bin/ import", () => {
  const imported = new Map<string, string>();
  for (const file of sourceFiles()) {
    for (const specifier of specifiers(file)) {
      const name = packageOf(specifier);
      if (name && !imported.has(name)) imported.set(name, file.slice(ROOT.length));
    }
  }
  const missing = [...imported].filter(([name]) => !(name in pkg.dependencies) && !optionalPeers.includes(name)).map(([name, file]) => `${name} (imported by ${file})`);
  assert.deepEqual(missing, [], "every imported package is a runtime dependency");
  const unused = Object.keys(pkg.dependencies).filter((name) => !imported.has(name));
  assert.deepEqual(unused, [], "every runtime dependency is imported by the package's code");
});

test("optional peer dependencies are dev dependencies too (tested), never runtime ones", () => {
  assert.deepEqual(optionalPeers, ["redoc"]);
  for (const name of optionalPeers) {
    assert.ok(!(name in pkg.dependencies), `${name} is not a runtime dependency`);
    assert.ok(name in pkg.devDependencies, `${name} is a dev dependency`);
  }
});

test("bench and test tools are dev dependencies only", () => {
  for (const tool of ["typescript", "tsx", "autocannon", "@mikro-orm/migrations", "hono", "koa", "express"]) {
    assert.ok(!(tool in pkg.dependencies), `${tool} is not a runtime dependency`);
    assert.ok(tool in pkg.devDependencies, `${tool} is a dev dependency`);
  }
});
