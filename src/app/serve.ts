/**
 * Serving an app until a signal: listen, then on SIGINT/SIGTERM stop accepting, let
 * in-flight requests finish (up to SHUTDOWN_TIMEOUT), run shutdown hooks, exit.
 */
import { isSupervised } from "../config/index.ts";
import { isWebFluidError } from "../errors.ts";
import type { Fluid } from "./fluid.ts";
import { AppError, AppErrorCode } from "./errors.ts";

export interface ServeOptions {
  /** Default: HOST from the config. */
  readonly host?: string;
  /** Default: PORT from the config. */
  readonly port?: number;
  /** Exit the process after a signal-triggered shutdown (default true). */
  readonly exitOnSignal?: boolean;
}

/** Listens and installs signal handlers; resolves with the address once listening. */
export async function serve(app: Fluid, options: ServeOptions = {}): Promise<string> {
  await app.startup(); // first: outside wf, config.ts (which may set HOST/PORT) is imported here
  const host = options.host ?? app.config.get("HOST");
  const port = options.port ?? app.config.get("PORT");
  let address: string;
  try {
    address = await app.listen({ host, port });
  } catch (error) {
    await app.shutdown().catch(() => undefined);
    throw isWebFluidError(error) ? error : listenError(error, host, port, app.config.name, options.port === undefined ? portSetting(app) : "--port");
  }
  app.log.info(`serving app config "${app.config.name}" on ${address}`);
  installSignalHandlers(app, options.exitOnSignal ?? true);
  return address;
}

const FORCED_EXIT_MARGIN_S = 5;

function installSignalHandlers(app: Fluid, exit: boolean): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals | "disconnect") => {
    if (stopping) {
      app.log.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    app.log.info(`${signal}: shutting down (in-flight requests finish first)`);
    // SHUTDOWN_TIMEOUT bounds each wait (the scheduler's for its running jobs, say); the
    // margin lets the hooks after it (closing databases) run before the process is forced out.
    const timeout = app.config.get("SHUTDOWN_TIMEOUT");
    const timer = setTimeout(() => {
      app.log.error(`shutdown still not done ${FORCED_EXIT_MARGIN_S}s after SHUTDOWN_TIMEOUT (${timeout}s): exiting`);
      process.exit(1);
    }, (timeout + FORCED_EXIT_MARGIN_S) * 1000);
    timer.unref();
    app.shutdown().then(
      () => {
        clearTimeout(timer);
        if (exit) process.exit(0);
      },
      (error: unknown) => {
        app.log.error({ err: error }, "shutdown failed");
        if (exit) process.exit(1);
      },
    );
  };
  if (isSupervised()) {
    // The terminal's SIGINT is ignored (see ignoreTerminalInterrupt); a supervisor that
    // died without asking (SIGKILL) closes the IPC channel.
    process.once("disconnect", () => onSignal("disconnect"));
  } else {
    process.on("SIGINT", onSignal);
  }
  process.on("SIGTERM", onSignal);
}

function listenError(error: unknown, host: string, port: number, name: string, portSetting: string): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") {
    return new AppError(
      AppErrorCode.PORT_IN_USE,
      `port ${port} on ${host} is already in use; stop the other server or choose another port with ${portSetting}`,
      { cause: error },
    );
  }
  return new AppError(
    AppErrorCode.LISTEN_FAILED,
    `could not listen on ${host}:${port}: ${(error as Error).message}; check HOST and PORT in app_configs/${name}.ini`,
    { cause: error },
  );
}

/** Where the port was set, as the place to change it: `WF_PORT`, a config class, or --port / the ini file. */
function portSetting(app: Fluid): string {
  const source = app.config.entry("PORT")?.source ?? "default";
  if (source === "environment") return "--port or WF_PORT";
  if (source.startsWith("config class")) return `--port or PORT in ${source}`;
  return `--port or PORT in app_configs/${app.config.name}.ini`;
}
