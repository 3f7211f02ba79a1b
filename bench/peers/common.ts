/**
 * What every HTTP server of bench/http.ts shares: its command line, the tutorial's page
 * (the same Nunjucks template file and context, autoescaping on, the template cache on, as
 * WebFluid renders it with DEBUG off) and a graceful exit on SIGTERM, so that
 * `node --cpu-prof` writes its profile.
 *
 * A server runs as `node bench/peers/<name>.ts --port 3000 --templates <dir> [--log-level warn]`.
 */
import { parseArgs } from "node:util";
import nunjucks from "nunjucks";

export interface ServerArgs {
  readonly port: number;
  /** The app package's templates folder. */
  readonly templates: string;
  /** Only for the servers that log (the Fastify reference). */
  readonly logLevel: string;
}

/** Reads `--port`, `--templates` and `--log-level`; throws the usage line when one is missing. */
export function serverArgs(): ServerArgs {
  const { values } = parseArgs({
    options: { port: { type: "string" }, templates: { type: "string" }, "log-level": { type: "string", default: "warn" } },
  });
  if (!values.port || !values.templates) throw new Error(`usage: ${process.argv[1]} --port <port> --templates <dir> [--log-level <level>]`);
  return { port: Number(values.port), templates: values.templates, logLevel: values["log-level"] };
}

/** The body of `GET /health`. */
export const HEALTH = { status: "ok" } as const;

/**
 * Renders the tutorial's `index.html` with the tutorial's context, as `GET /` does; the page
 * calls the tutorial extension's template global `my_ext()`, which reads the config key
 * MYEXT_BAR (`crazy` in the tutorial's config class) on each call.
 */
export function pageRenderer(templates: string): () => string {
  const environment = new nunjucks.Environment(new nunjucks.FileSystemLoader(templates, { noCache: false }), { autoescape: true });
  const config = new Map([["MYEXT_BAR", "crazy"]]);
  environment.addGlobal("my_ext", () => `Hello from MyExtension (MYEXT_BAR is ${config.get("MYEXT_BAR")})`);
  return () => environment.render("index.html", { title: "Hello World!", name: "my friend" });
}

/** Exits through `close` on SIGINT and SIGTERM. */
export function closeOnSignal(close: () => Promise<unknown>): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void close().then(() => process.exit(0)));
  }
}
