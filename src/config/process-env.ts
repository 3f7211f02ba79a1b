/**
 * The `WF_` environment variables that are not config keys: which app config a script
 * serves, the project root, and the marks `wf run` gives the processes it supervises. Every
 * area reads them through here, so each name is spelled once.
 */

/** `WF_` names that never become config keys (any other `WF_<KEY>` sets `<KEY>`). */
const RESERVED = /^WF_(TEST_|NODE_CACHE$|TS_CACHE$|APP$|ROOT$|WORKER_ID$|SUPERVISED$)/;

/**
 * True for a `WF_` variable that is not a config key: `WF_TEST_*` (test servers), `WF_APP`,
 * `WF_ROOT`, `WF_WORKER_ID`, `WF_SUPERVISED`, `WF_NODE_CACHE` and `WF_TS_CACHE` (read by the
 * project's scripts and by `bin/`).
 */
export function isReservedEnv(name: string): boolean {
  return RESERVED.test(name);
}

/** The app config an app started without `wf` serves: `WF_APP`, default `app`. */
export function appNameFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.WF_APP || "app";
}

/** The project root forced by `WF_ROOT`, or undefined to search for `app_configs/`. */
export function rootFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.WF_ROOT || undefined;
}

/** The environment `wf run --reload` and `--workers` give their children. */
export function supervisedEnv(workerId?: number): Record<string, string> {
  return workerId === undefined ? { WF_SUPERVISED: "1" } : { WF_SUPERVISED: "1", WF_WORKER_ID: String(workerId) };
}

/** True in a child of `wf run --workers/--reload`, which stops only when its supervisor asks. */
export function isSupervised(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.WF_SUPERVISED === "1";
}

/**
 * In a supervised child, from its first moment: Ctrl-C reaches every process of the
 * terminal's group, and the supervisor then asks each child once with SIGTERM; taking the
 * terminal's SIGINT as well would make that SIGTERM a second, impatient signal and drop
 * in-flight requests.
 */
export function ignoreTerminalInterrupt(): void {
  if (isSupervised()) process.on("SIGINT", () => undefined);
}

/** True in the process that runs in-process jobs: the only process, or worker 1 of `--workers`. */
export function isFirstWorker(env: NodeJS.ProcessEnv = process.env): boolean {
  const id = env.WF_WORKER_ID;
  return id === undefined || id === "1";
}

/** Which worker of `wf run --workers N` this process is (1..N), or undefined outside one. */
export function workerIdFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const id = Number(env.WF_WORKER_ID);
  return Number.isInteger(id) && id > 0 ? id : undefined;
}
