/**
 * `wf run --reload`: a supervisor that runs the app in a child process and restarts it
 * when a source file changes. The old child is fully stopped before the new one starts,
 * so nothing (a scheduled job, a port) is ever held twice.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { watch } from "node:fs";
import { findProjectRoot } from "../config/index.ts";

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
    child = spawn(process.execPath, [...process.execArgv, ...args], { stdio: "inherit" });
    child.on("exit", (code, signal) => {
      if (!restarting && !stopping) {
        process.stderr.write(`wf: app exited (${signal ?? `code ${code}`}); waiting for a file change to restart\n`);
      }
    });
  };

  const stop = (target: ChildProcess | undefined) =>
    new Promise<void>((resolve) => {
      if (!target || target.exitCode !== null || target.signalCode !== null) return resolve();
      target.once("exit", () => resolve());
      target.kill("SIGTERM");
    });

  const restart = async () => {
    if (restarting) {
      pending = true;
      return;
    }
    restarting = true;
    await stop(child);
    start();
    restarting = false;
    if (pending) {
      pending = false;
      await restart();
    }
  };

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    watcher.close();
    await stop(child);
    process.exit(0);
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
