/** Where `wf new` takes WebFluid from: read from npm's hidden lock file beside the installed package. */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { installOrigin } from "../../../src/cli/webfluid-spec.ts";

const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A project with webfluid installed, as npm records it; returns the package's folder. */
function installed(entry: Record<string, unknown> | undefined): { project: string; pkg: string } {
  const project = mkdtempSync(join(tmpdir(), "wf-origin-"));
  roots.push(project);
  const pkg = join(project, "node_modules", "webfluid");
  mkdirSync(pkg, { recursive: true });
  const packages = entry ? { "node_modules/webfluid": entry } : {};
  writeFileSync(join(project, "node_modules", ".package-lock.json"), JSON.stringify({ lockfileVersion: 3, packages }));
  return { project, pkg };
}

test("a registry install (resolved omitted, or the registry's /-/ tarball) depends on ^version", () => {
  assert.deepEqual(installOrigin(installed({ version: "0.3.1" }).pkg), { kind: "registry", version: "0.3.1" });
  const { pkg } = installed({ version: "0.3.1", resolved: "https://registry.npmjs.org/webfluid/-/webfluid-0.3.1.tgz" });
  assert.deepEqual(installOrigin(pkg), { kind: "registry", version: "0.3.1" });
});

test("a tarball install depends on the tarball, by absolute path, while it exists", () => {
  const { project, pkg } = installed({ version: "0.1.0", resolved: "file:../webfluid-0.1.0.tgz" });
  assert.deepEqual(installOrigin(pkg), { kind: "unknown" }, "the tarball is gone");
  writeFileSync(join(project, "..", "webfluid-0.1.0.tgz"), "");
  roots.push(join(project, "..", "webfluid-0.1.0.tgz"));
  assert.deepEqual(installOrigin(pkg), { kind: "spec", spec: `file:${join(project, "..", "webfluid-0.1.0.tgz")}` });
});

test("a git or URL install depends on what it resolved to", () => {
  const { pkg } = installed({ version: "0.1.0", resolved: "git+ssh://git@example.com/webfluid.git#abc123" });
  assert.deepEqual(installOrigin(pkg), { kind: "spec", spec: "git+ssh://git@example.com/webfluid.git#abc123" });
});

test("a linked folder, a missing entry or a package outside node_modules is unknown (wf new packs it)", () => {
  assert.deepEqual(installOrigin(installed({ version: "0.1.0", resolved: "../webfluid", link: true }).pkg), { kind: "unknown" });
  assert.deepEqual(installOrigin(installed(undefined).pkg), { kind: "unknown" });
  assert.deepEqual(installOrigin(mkdtempSync(join(tmpdir(), "wf-checkout-"))), { kind: "unknown" });
});
