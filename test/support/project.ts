/**
 * End-to-end harness: a temporary copy of an example project, driven through the real
 * `wf` command (a child process), with HTTP over loopback.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const WF_BIN = join(REPO_ROOT, "bin", "wf.js");
/** For `node --import <TSX_LOADER> file.ts` in a project that does not depend on tsx itself. */
export const TSX_LOADER = import.meta.resolve("tsx");

export interface WfResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningApp {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Sends `signal` to every process of its group, as Ctrl-C in a terminal does (needs `detached`). */
  signalGroup(signal: NodeJS.Signals): void;
  /** SIGTERM, then waits for the exit (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<WfResult>;
}

/** The environment for child processes: ours minus WF_* config overrides. */
function childEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("WF_") || key.startsWith("WF_TEST_")) env[key] = value;
  }
  return { ...env, ...extra };
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

  path(relative: string): string {
    return join(this.root, relative);
  }

  write(relative: string, text: string): void {
    mkdirSync(dirname(this.path(relative)), { recursive: true });
    writeFileSync(this.path(relative), text);
  }

  read(relative: string): string {
    return readFileSync(this.path(relative), "utf8");
  }

  /** Runs `wf <args>` to completion in the project (or `cwd`). */
  wf(args: readonly string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<WfResult> {
    const child = spawn(process.execPath, [WF_BIN, ...args], {
      cwd: options.cwd ?? this.root,
      env: childEnv(options.env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    return new Promise((resolve) => {
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
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
    const child = spawn(process.execPath, [WF_BIN, "run", app, "--port", String(port), ...(options.args ?? [])], {
      cwd: this.root,
      env: childEnv(options.env),
      stdio: ["ignore", "pipe", "pipe"],
      detached: options.detached ?? false,
    });
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    const exited = new Promise<WfResult>((resolve) =>
      child.on("close", (code) => resolve({ code, stdout: output, stderr: output })),
    );
    const url = `http://127.0.0.1:${port}`;
    await waitUntil(async () => {
      if (child.exitCode !== null) throw new Error(`wf run ${app} exited with ${child.exitCode}:\n${output}`);
      try {
        await fetch(url + (options.readyPath ?? "/health"));
        return true;
      } catch {
        return false;
      }
    }, 30_000, () => `wf run ${app} did not answer within 30 s:\n${output}`);
    return {
      url,
      child,
      output: () => output,
      signalGroup(signal) {
        process.kill(-child.pid!, signal);
      },
      async stop(timeoutMs = 15_000) {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        const result = await exited;
        clearTimeout(timer);
        return result;
      },
    };
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Resolves when `child` has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("close", () => resolve()));
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` every 100 ms until it returns true; bounded by `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, message: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(message());
}
