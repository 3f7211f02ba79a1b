/**
 * Koa 3, serving bench/http.ts's two routes: `GET /health` as JSON and `GET /` from the
 * tutorial's Nunjucks template. Koa has no router of its own; two routes need none.
 *
 * node bench/peers/koa.ts --port 3000 --templates <dir>
 */
import Koa from "koa";
import { closeOnSignal, HEALTH, pageRenderer, serverArgs } from "./common.ts";

const args = serverArgs();
const page = pageRenderer(args.templates);
const app = new Koa();

app.use((ctx) => {
  if (ctx.method !== "GET") return;
  if (ctx.path === "/health") {
    ctx.body = HEALTH;
  } else if (ctx.path === "/") {
    ctx.type = "html";
    ctx.body = page();
  }
});

const server = app.listen(args.port, "127.0.0.1");
await new Promise<void>((resolve) => server.once("listening", resolve));
closeOnSignal(() => new Promise((resolve) => server.close(resolve)));
