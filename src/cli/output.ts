/** How `wf` talks: tables on stdout, one-line errors on stderr. */
import { isWebFluidError } from "../errors.ts";

/** Prints an error as one line (plus the stack with --debug); returns the exit code. */
export function reportError(error: unknown, debug: boolean): number {
  if (isWebFluidError(error)) {
    process.stderr.write(`error: ${error.message} [${error.code}]\n`);
  } else {
    const err = error instanceof Error ? error : new Error(String(error));
    process.stderr.write(`error: unexpected ${err.name}: ${err.message.split("\n")[0]} (rerun with --debug for the stack trace)\n`);
  }
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return 1;
}

/** Left-aligned columns, two spaces apart. */
export function table(rows: readonly (readonly string[])[], header?: readonly string[]): string {
  const all = header ? [header, ...rows] : rows;
  const widths: number[] = [];
  for (const row of all) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return all
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  "))
    .join("\n");
}
