/**
 * The app under test is the tutorial example exactly as users get it: a temporary copy
 * of examples/tutorial with `webfluid` resolving to this repository, served by `wf run`.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const WF_BIN = join(REPO_ROOT, "bin", "wf.js");
export const BENCH_DIR = join(REPO_ROOT, "bench");

export interface TempProject {
  readonly root: string;
  /** The app package's templates folder (the reference renders the same file). */
  readonly templates: string;
  remove(): void;
}

/** Copies examples/tutorial (without node_modules or databases) to a temp folder. */
export function copyTutorial(): TempProject {
  const root = mkdtempSync(join(tmpdir(), "wf-bench-"));
  cpSync(join(REPO_ROOT, "examples", "tutorial"), root, {
    recursive: true,
    filter: (source) => !/node_modules|\.db(-journal|-wal|-shm)?$/.test(source),
  });
  mkdirSync(join(root, "node_modules"), { recursive: true });
  symlinkSync(REPO_ROOT, join(root, "node_modules", "webfluid"), "dir");
  return {
    root,
    templates: join(root, "fluid", "templates"),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * Node flags that make a server child write CPU profiles into `<dir>/<name>/` on exit
 * (when `dir` is set): one per thread, the main thread's being the largest.
 */
export function profileFlags(dir: string | undefined, name: string): string[] {
  return dir ? ["--cpu-prof", "--cpu-prof-dir", join(dir, name)] : [];
}
