/**
 * Temporary projects for tests and benchmarks: a copy of an example (or an empty project)
 * with `webfluid` resolving to this repository, driven through the real `wf` command (a
 * child process), with HTTP over loopback.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, run, ServingChild, type ChildResult } from "./processes.ts";

export { exited, freePort, waitUntil } from "./processes.ts";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const WF_BIN = join(REPO_ROOT, "bin", "wf.js");
/** For `node --import <TSX_LOADER> file.ts` in a project that does not depend on tsx itself. */
export const TSX_LOADER = import.meta.resolve("tsx");

export type WfResult = ChildResult;

/** `wf run` serving a project. */
export class RunningApp extends ServingChild {
  /** SIGTERM, then waits for the exit (SIGKILL after `timeoutMs`); `stdout` and `stderr` both hold the whole output, interleaved. */
  override async stop(timeoutMs?: number): Promise<WfResult> {
    const result = await super.stop(timeoutMs);
    return { ...result, stdout: this.output(), stderr: this.output() };
  }
}

export class TempProject {
  readonly root: string;

  private constructor(root: string) {
    this.root = root;
  }

  /** A copy of `examples/<example>` with `webfluid` resolvable, in a fresh temp folder. */
  static fromExample(example = "tutorial"): TempProject {
    const root = mkdtempSync(join(tmpdir(), `wf-${example}-`));
    cpSync(join(REPO_ROOT, "examples", example), root, {
      recursive: true,
      filter: (source) => !/node_modules|\.db(-journal|-wal|-shm)?$/.test(source),
    });
    const project = new TempProject(root);
    project.linkWebfluid();
    // The example's other dependencies (typebox), as installed in this repository.
    const { dependencies = {} } = JSON.parse(project.read("package.json")) as { dependencies?: Record<string, string> };
    for (const name of Object.keys(dependencies)) if (name !== "webfluid") project.linkDependency(name);
    return project;
  }

  /** An empty project folder (with `webfluid` resolvable). */
  static empty(): TempProject {
    const project = new TempProject(mkdtempSync(join(tmpdir(), "wf-empty-")));
    project.linkWebfluid();
    project.write("package.json", `${JSON.stringify({ name: "empty", private: true, type: "module" })}\n`);
    return project;
  }

  private linkWebfluid(): void {
    mkdirSync(join(this.root, "node_modules"), { recursive: true });
    symlinkSync(REPO_ROOT, join(this.root, "node_modules", "webfluid"), "dir");
  }

  /** Makes a package installed in this repository (`@mikro-orm`, `pg`, ...) resolvable from the project too. */
  linkDependency(name: string): void {
    symlinkSync(join(REPO_ROOT, "node_modules", name), join(this.root, "node_modules", name), "dir");
  }

  path(relative: string): string {
    return join(this.root, relative);
  }

  write(relative: string, text: string): void {
    mkdirSync(dirname(this.path(relative)), { recursive: true });
    writeFileSync(this.path(relative), text);
  }

  /** Replaces `from` with `to` in a file; throws when `from` is not there (the example changed shape). */
  edit(relative: string, from: string, to: string): void {
    const text = this.read(relative);
    if (!text.includes(from)) throw new Error(`${relative} has no ${JSON.stringify(from)} to replace: the example changed shape`);
    this.write(relative, text.replace(from, to));
  }

  read(relative: string): string {
    return readFileSync(this.path(relative), "utf8");
  }

  /** Runs `wf <args>` to completion in the project (or `cwd`). */
  wf(args: readonly string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<WfResult> {
    return run(process.execPath, [WF_BIN, ...args], { cwd: options.cwd ?? this.root, env: options.env, timeoutMs: options.timeoutMs });
  }

  /**
   * Starts `wf run <app>` on a free port and waits until it answers `readyPath`.
   * `detached` gives it a process group of its own, as a terminal would (see `signalGroup`).
   */
  async start(
    app = "app",
    options: { args?: readonly string[]; env?: Record<string, string>; readyPath?: string; detached?: boolean } = {},
  ): Promise<RunningApp> {
    const port = await freePort();
    const args = [WF_BIN, "run", app, "--port", String(port), ...(options.args ?? [])];
    const running = new RunningApp(process.execPath, args, { cwd: this.root, env: options.env, detached: options.detached, port });
    return running.ready(options.readyPath ?? "/health", `wf run ${app}`);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
