/**
 * Where a project made by `wf new` gets WebFluid from: the npm spec its package.json depends
 * on, chosen so that `npm install` in the new project succeeds on this machine.
 *
 * - installed from a registry: `^<version>`, as any dependency;
 * - installed from a tarball or a URL that still resolves: that tarball or URL;
 * - running from a checkout (or anything else): the running WebFluid, packed into a tarball
 *   in the cache folder, so the project installs exactly the code that made it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { CliError, CliErrorCode } from "./errors.ts";

/** How WebFluid was installed, read from npm's lock file beside it. */
export type InstallOrigin =
  | { readonly kind: "registry"; readonly version: string }
  | { readonly kind: "spec"; readonly spec: string }
  | { readonly kind: "unknown" };

/** The package.json fields `wf new` reads. */
interface PackageInfo {
  readonly name: string;
  readonly version: string;
}

/**
 * How the package at `packageRoot` was installed. npm records every package it installs in the
 * hidden lock file `node_modules/.package-lock.json` (of a project, or of the global prefix):
 * registry packages by version (their `resolved` URL is omitted or points at the registry's
 * `/-/` tarball), tarballs, folders and git URLs by what they resolved to.
 */
export function installOrigin(packageRoot: string): InstallOrigin {
  const nodeModules = dirname(packageRoot);
  if (basename(nodeModules) !== "node_modules") return { kind: "unknown" };
  let entry: { version?: string; resolved?: string; link?: boolean } | undefined;
  try {
    const lock = JSON.parse(readFileSync(join(nodeModules, ".package-lock.json"), "utf8")) as {
      packages?: Record<string, typeof entry>;
    };
    entry = lock.packages?.[`node_modules/${basename(packageRoot)}`];
  } catch {
    return { kind: "unknown" };
  }
  if (!entry?.version || entry.link) return { kind: "unknown" };
  const { resolved, version } = entry;
  if (resolved === undefined || /\/-\/[^/]+-\d[^/]*\.tgz$/.test(resolved)) return { kind: "registry", version };
  if (resolved.startsWith("file:")) {
    // Relative to the folder holding node_modules; the project may live anywhere else.
    const file = resolve(dirname(nodeModules), resolved.slice("file:".length));
    return existsSync(file) ? { kind: "spec", spec: `file:${file}` } : { kind: "unknown" };
  }
  return { kind: "spec", spec: resolved };
}

/** The spec for the new project's `webfluid` dependency; may pack the running WebFluid. */
export function webfluidSpec(packageRoot: string, log: (line: string) => void): string {
  const origin = installOrigin(packageRoot);
  if (origin.kind === "registry") return `^${origin.version}`;
  if (origin.kind === "spec") return origin.spec;
  return `file:${packInto(packageRoot, packsFolder(), log)}`;
}

/** `~/.cache/webfluid/packages` (or under XDG_CACHE_HOME). */
function packsFolder(): string {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "webfluid", "packages");
}

/**
 * `npm pack`s the package into `folder` and returns the tarball's path. A checkout builds
 * first (its prepack script); an installed package is already built and packs as it is.
 */
function packInto(packageRoot: string, folder: string, log: (line: string) => void): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as PackageInfo;
  const checkout = existsSync(join(packageRoot, "src"));
  mkdirSync(folder, { recursive: true });
  log(`packing WebFluid ${pkg.version} from ${packageRoot}${checkout ? " (building it first)" : ""} into ${folder}`);
  const args = ["pack", "--pack-destination", folder, "--json", "--loglevel=error", ...(checkout ? [] : ["--ignore-scripts"])];
  const run = spawnSync("npm", args, { cwd: packageRoot, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const packed = run.status === 0 ? parsePackOutput(run.stdout) : undefined;
  if (!packed) {
    const why = run.error?.message ?? (run.stderr.trim().split("\n").at(-1) || `npm exited with ${run.status}`);
    throw new CliError(
      CliErrorCode.PACK_FAILED,
      `could not pack WebFluid from ${packageRoot} for the new project (${why}); pass the dependency yourself with --webfluid <npm spec>, e.g. --webfluid ^${pkg.version} or --webfluid file:/path/to/webfluid-${pkg.version}.tgz`,
    );
  }
  return join(folder, packed);
}

/** The tarball's file name from `npm pack --json` (scripts may print before the JSON). */
function parsePackOutput(stdout: string): string | undefined {
  const start = stdout.indexOf("[");
  if (start < 0) return undefined;
  try {
    const [first] = JSON.parse(stdout.slice(start)) as Array<{ filename?: string }>;
    return first?.filename;
  } catch {
    return undefined;
  }
}
