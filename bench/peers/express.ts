/**
 * Express 5 with its defaults, serving bench/http.ts's two routes: `GET /health` as JSON
 * and `GET /` from the tutorial's Nunjucks template.
 *
 * node bench/peers/express.ts --port 3000 --templates <dir>
 */
import express from "express";
import { closeOnSignal, HEALTH, pageRenderer, serverArgs } from "./common.ts";

const args = serverArgs();
const page = pageRenderer(args.templates);
const app = express();

app.get("/health", (_request, response) => {
  response.json(HEALTH);
});
app.get("/", (_request, response) => {
  response.type("html").send(page());
});

const server = app.listen(args.port, "127.0.0.1");
await new Promise<void>((resolve) => server.once("listening", resolve));
closeOnSignal(() => new Promise((resolve) => server.close(resolve)));
