/**
 * Node's own `node:http`, no framework: the floor for bench/http.ts's two routes,
 * `GET /health` as JSON and `GET /` from the tutorial's Nunjucks template.
 *
 * node bench/peers/node-http.ts --port 3000 --templates <dir>
 */
import { createServer } from "node:http";
import { closeOnSignal, HEALTH, pageRenderer, serverArgs } from "./common.ts";

const args = serverArgs();
const page = pageRenderer(args.templates);

const server = createServer((request, response) => {
  if (request.method === "GET" && request.url === "/health") {
    response.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(HEALTH));
  } else if (request.method === "GET" && request.url === "/") {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page());
  } else {
    response.writeHead(404, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify({ detail: "Not Found" }));
  }
});

await new Promise<void>((resolve) => server.listen(args.port, "127.0.0.1", resolve));
closeOnSignal(() => new Promise((resolve) => server.close(resolve)));
