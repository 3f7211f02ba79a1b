/**
 * `wf run --reload`: a supervisor that runs the app in a child process and restarts it
 * when a source file changes. The old child is fully stopped before the new one starts,
 * so nothing (a scheduled job, a port) is ever held twice.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { watch } from "node:fs";
import { findProjectRoot, supervisedEnv } from "../config/index.ts";

const WATCHED = /\.(ts|mts|cts|js|mjs|cjs|json|ini|html|njk|jinja2?)$/;
const IGNORED = /(^|[\\/])(node_modules|\.git|\.cache)([\\/]|$)/;

/** Runs until SIGINT/SIGTERM; never returns normally. */
export async function superviseWithReload(_name: string): Promise<void> {
  const root = findProjectRoot();
  const args = process.argv.slice(1).filter((arg) => arg !== "--reload");
  let child: ChildProcess | undefined;
  let restarting = false;
  let pending = false;
  let timer: NodeJS.Timeout | undefined;

  const start = () => {
    // The IPC channel tells the child when this supervisor is gone, even after a SIGKILL.
    child = spawn(process.execPath, [...process.execArgv, ...args], {
      stdio: ["inherit", "inherit", "inherit", "ipc"],
      env: { ...process.env, ...supervisedEnv() },
    });
    child.on("exit", (code, signal) => {
      if (!restarting && !stopping) {
        process.stderr.write(`wf: app exited (${signal ?? `code ${code}`}); waiting for a file change to restart\n`);
      }
    });
  };

  /** Stops `target` (if running); resolves true when it exited cleanly. */
  const stop = (target: ChildProcess | undefined) =>
    new Promise<boolean>((resolve) => {
      if (!target || target.exitCode !== null || target.signalCode !== null) return resolve(true);
      // Dying of the SIGTERM itself means it was still starting: nothing was in flight.
      target.once("exit", (code, signal) => resolve(code === 0 || signal === "SIGTERM"));
      target.kill("SIGTERM");
    });

  const restart = async () => {
    if (restarting) {
      pending = true;
      return;
    }
    restarting = true;
    await stop(child);
    if (stopping) return; // shutting down meanwhile: no new child
    start();
    restarting = false;
    if (pending) {
      pending = false;
      await restart();
    }
  };

  let stopping = false;
  // The child ignores the terminal's SIGINT and waits for the one SIGTERM sent here, so
  // in-flight requests finish; a second signal kills it.
  const shutdown = async () => {
    if (stopping) {
      child?.kill("SIGKILL");
      process.exit(1);
    }
    stopping = true;
    watcher.close();
    process.exit((await stop(child)) ? 0 : 1);
  };

  const watcher = watch(root, { recursive: true }, (_event, file) => {
    if (!file || IGNORED.test(file) || !WATCHED.test(file)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      process.stderr.write(`wf: ${file} changed; restarting\n`);
      void restart();
    }, 150);
  });

  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  start();
  await new Promise<never>(() => undefined);
}
