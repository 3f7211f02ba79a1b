/**
 * `wf run --workers N`: node:cluster workers sharing the port. Each worker knows its id
 * through `WF_WORKER_ID` (1..N); in-process jobs run in worker 1 only.
 */
import cluster, { type Worker } from "node:cluster";
import { supervisedEnv } from "../config/index.ts";
import { CliError, CliErrorCode } from "./errors.ts";

/** Forks the workers and supervises them until a signal; fails if they all die at start. */
export async function runWorkers(count: number): Promise<void> {
  const workers = new Map<Worker, number>();
  let listening = 0;
  let stopping = false;
  let failedStop = false;

  await new Promise<void>((resolve, reject) => {
    const fork = (id: number) => workers.set(cluster.fork(supervisedEnv(id)), id);
    for (let id = 1; id <= count; id++) fork(id);

    cluster.on("listening", () => {
      if (++listening === count) process.stderr.write(`wf: ${count} workers listening\n`);
    });

    cluster.on("exit", (worker, code, signal) => {
      const id = workers.get(worker);
      workers.delete(worker);
      if (stopping) {
        // A worker still starting has no handlers yet and dies of the SIGTERM: nothing was in flight.
        if (code !== 0 && signal !== "SIGTERM") failedStop = true;
        if (workers.size === 0) resolve();
        return;
      }
      if (listening === 0) {
        stopping = true;
        for (const other of workers.keys()) other.kill("SIGTERM");
        reject(new CliError(CliErrorCode.WORKERS_FAILED, `worker ${id} exited at start (${signal ?? `code ${code}`}); see its error above`));
        return;
      }
      process.stderr.write(`wf: worker ${id} exited (${signal ?? `code ${code}`}); restarting it\n`);
      fork(id!);
    });

    // Workers ignore the terminal's SIGINT and wait for this one SIGTERM, so in-flight
    // requests finish; a second signal kills them.
    const stop = () => {
      if (stopping) {
        for (const worker of workers.keys()) worker.process.kill("SIGKILL");
        process.exit(1);
      }
      stopping = true;
      for (const worker of workers.keys()) worker.process.kill("SIGTERM");
      if (workers.size === 0) resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  process.exit(failedStop ? 1 : 0);
}
