/** Migration operations recorded instead of run, to compare what code or rendered source does with `op`. */
import { OperationRecorder, Operations } from "../../src/migrate/operations/index.ts";
import type { Operation } from "../../src/migrate/vocabulary/index.ts";

/** The operations `fn` issues on `op`, in order. */
export async function record(fn: (op: Operations) => void): Promise<Operation[]> {
  const recorder = new OperationRecorder();
  const op = new Operations(recorder);
  fn(op);
  await op.drain();
  return recorder.operations;
}

/** The operations a rendered revision body (source text using `op`) issues when it runs. */
export function evaluate(body: string): Promise<Operation[]> {
  return record((op) => new Function("op", body)(op));
}
