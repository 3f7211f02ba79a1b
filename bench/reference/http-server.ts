/**
 * The reference for bench/http.ts: the tutorial's `GET /health` and `GET /` written by
 * hand on bare Fastify 5 + Nunjucks, configured as WebFluid configures Fastify: a pino
 * logger at the same level with request logging off, Nunjucks autoescaping with the
 * template cache on (DEBUG off), the same template file and context.
 *
 * node bench/reference/http-server.ts --port 3000 --templates <dir> [--log-level warn]
 */
import { parseArgs } from "node:util";
import Fastify from "fastify";
import nunjucks from "nunjucks";

const { values } = parseArgs({
  options: { port: { type: "string" }, templates: { type: "string" }, "log-level": { type: "string", default: "warn" } },
});
if (!values.port || !values.templates) throw new Error("usage: http-server.ts --port <port> --templates <dir> [--log-level <level>]");

const templates = new nunjucks.Environment(new nunjucks.FileSystemLoader(values.templates, { noCache: false }), { autoescape: true });
const app = Fastify({ logger: { level: values["log-level"] }, disableRequestLogging: true });

app.get("/health", async () => ({ status: "ok" }));

app.get("/", async (_request, reply) => {
  reply.type("text/html; charset=utf-8");
  return templates.render("index.html", { title: "Hello World!", name: "my friend" });
});

await app.listen({ host: "127.0.0.1", port: Number(values.port) });

// Exit through close() so that `--cpu-prof` writes its profile.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
