/**
 * The public surface, name by name: what each entry point exports (values and types, and the
 * members of an exported namespace), held here so that a change to it is deliberate, and each
 * name documented on its area's pages. Doc examples import only what the package exports.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, test } from "node:test";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface Entry {
  /** The source file behind the entry point. */
  readonly source: string;
  /** The docs pages that document it. */
  readonly docs: readonly string[];
  readonly names: readonly string[];
}

const SURFACE: Readonly<Record<string, Entry>> = {
  webfluid: {
    source: "src/index.ts",
    docs: ["docs/app.md", "docs/config.md", "docs/extensions.md", "docs/errors.md"],
    names: [],
  },
  "webfluid/db": { source: "src/db/index.ts", docs: ["docs/db.md"], names: [] },
  "webfluid/scheduler": { source: "src/scheduler/index.ts", docs: ["docs/scheduler.md"], names: [] },
  "webfluid/migrate": { source: "src/migrate/index.ts", docs: ["docs/migrate.md"], names: [] },
  "webfluid/testing": { source: "src/testing/index.ts", docs: ["docs/app.md"], names: [] },
};

/** Every name each entry point exports: `name` for values and types, `ns.member` inside namespaces. */
function exportedNames(): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  assert.ok(config, "tsconfig.json parses");
  const sources = Object.values(SURFACE).map((entry) => join(ROOT, entry.source));
  const program = ts.createProgram(sources, config.options);
  const checker = program.getTypeChecker();
  const result = new Map<string, string[]>();
  for (const [entry, { source }] of Object.entries(SURFACE)) {
    const file = program.getSourceFile(join(ROOT, source));
    assert.ok(file, source);
    const names: string[] = [];
    for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(file)!)) {
      names.push(symbol.name);
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      if (target.flags & ts.SymbolFlags.ValueModule) {
        for (const member of checker.getExportsOfModule(target)) names.push(`${symbol.name}.${member.name}`);
      }
    }
    result.set(entry, names.sort());
  }
  return result;
}

describe("the public surface", () => {
  const exported = exportedNames();

  test("print", () => {
    for (const [entry, names] of exported) console.log(entry, JSON.stringify(names));
  });
});
