/**
 * Hono on Node (`@hono/node-server`), serving bench/http.ts's two routes: `GET /health` as
 * JSON and `GET /` from the tutorial's Nunjucks template.
 *
 * node bench/peers/hono.ts --port 3000 --templates <dir>
 */
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { closeOnSignal, HEALTH, pageRenderer, serverArgs } from "./common.ts";

const args = serverArgs();
const page = pageRenderer(args.templates);
const app = new Hono();

app.get("/health", (c) => c.json(HEALTH));
app.get("/", (c) => c.html(page()));

const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: args.port });
await new Promise<void>((resolve) => server.once("listening", resolve));
closeOnSignal(() => new Promise((resolve) => server.close(resolve)));
