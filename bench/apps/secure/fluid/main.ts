/**
 * The app of bench/http.ts's `secure` report: security headers on (the default) and
 * sessions on (SECRET_KEY set, the default cookie store). `GET /health` reads the session;
 * `GET /login` puts a user in it, which gives the bench the session cookie it sends with
 * every `GET /health`.
 */
import { Fluid } from "webfluid";

export function createApp(): Fluid {
  const app = new Fluid(import.meta);
  app.get("/health", (request) => ({ status: "ok", user: request.session.get("user") ?? null }));
  app.get("/login", (request) => {
    request.session.set("user", "ada");
    return { status: "ok" };
  });
  return app;
}
