/**
 * Phase timings of a timed child of the Migrate bench (wf-inproc.ts, mikro.ts), so that
 * start-up (node, loader, module loading, config and models, ORM init) shows apart from
 * the command's own work.
 */

/** A clock whose first phase, `boot`, runs from process start to this call. */
export function phaseClock(): { mark(name: string): void; print(detail: unknown): void } {
  const phases: Record<string, number> = { boot: performance.now() };
  let last = phases.boot!;
  return {
    /** Records the time since the previous mark as phase `name`. */
    mark(name) {
      const now = performance.now();
      phases[name] = now - last;
      last = now;
    },
    /** Prints the phases (ms) and `detail` as one JSON line, the last of the output, which the bench reads. */
    print(detail) {
      process.stdout.write(`\n${JSON.stringify({ phases, detail })}\n`);
    },
  };
}
