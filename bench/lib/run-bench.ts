/** A benchmark's main function, with a cleanup stack that runs however the run ends. */

/**
 * Runs a benchmark's `main` with a cleanup stack: every function pushed on it runs (last
 * first) when `main` ends, fails, or the process gets SIGINT/SIGTERM.
 */
export async function runBench(main: (cleanup: Array<() => unknown>) => Promise<void>): Promise<void> {
  const cleanup: Array<() => unknown> = [];
  const unwind = async () => {
    for (const fn of cleanup.splice(0).reverse()) {
      try {
        await fn();
      } catch (error) {
        console.error(`cleanup failed: ${(error as Error).message}`);
      }
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping the servers and cleaning up`);
    void unwind().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await main(cleanup);
  } catch (error) {
    console.error(`\nbenchmark failed: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  } finally {
    await unwind();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
