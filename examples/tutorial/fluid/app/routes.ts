// The app's pages: HTML for people, in a router of their own (main.ts includes it).
import { HTMLResponse, RedirectResponse, render, Router, type Request } from "webfluid";

// What this app keeps in its sessions: request.session.get("visits") is a number.
declare module "webfluid" {
  interface SessionData {
    visits: number;
    name: string;
  }
}

export const pages = new Router({ name: "pages" });

pages.get("/", { responseClass: HTMLResponse }, async function home() {
  return render("index.html", { title: "Hello World!", name: "my friend" });
});

// The session lives in a signed cookie; the form posts back with its CSRF token.
pages.get("/visits", { responseClass: HTMLResponse }, async function visits(request: Request) {
  const count = (request.session.get("visits") ?? 0) + 1;
  request.session.set("visits", count);
  return render("visits.html", { visits: count, name: request.session.get("name") ?? "stranger" });
});

pages.post("/visits", async function setName(request: Request) {
  const name = (await request.form()).get("name")?.trim();
  if (name) request.session.set("name", name.slice(0, 40));
  return new RedirectResponse("/visits", { status: 303 });
});
