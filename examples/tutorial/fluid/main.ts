import { Fluid, HTMLResponse, HTTPException, RedirectResponse, render, type Request } from "webfluid";
import { db, select } from "webfluid/db";
import { IntervalTrigger, scheduler } from "webfluid/scheduler";
import { MyExtension } from "../extension/main.ts";
import { heart } from "./jobs.ts";
import { sendWelcome } from "./mail_service.ts";
import { MyModel } from "./models.ts";

// What this app keeps in its sessions: request.session.get("visits") is a number.
declare module "webfluid" {
  interface SessionData {
    visits: number;
    name: string;
  }
}

const myExt = new MyExtension();
scheduler.addJob(heart, new IntervalTrigger({ seconds: 5 }));

async function home() {
  return render("index.html", { title: "Hello World!", name: "my friend" });
}

async function health() {
  return { status: "ok" };
}

// The session lives in a signed cookie; the form posts back with its CSRF token.
async function visits(request: Request) {
  const count = (request.session.get("visits") ?? 0) + 1;
  request.session.set("visits", count);
  return render("visits.html", { visits: count, name: request.session.get("name") ?? "stranger" });
}

async function setName(request: Request) {
  const name = (await request.form()).get("name")?.trim();
  if (name) request.session.set("name", name.slice(0, 40));
  return new RedirectResponse("/visits", { status: 303 });
}

async function getModel(request: Request) {
  const modelId = request.queryParams.get("id");
  if (!modelId) throw new HTTPException(400, "Bad Request");
  await using e = db.asyncExecutor({ model: MyModel });
  const result = (await e.exec(select(MyModel).where({ id: Number(modelId) }))).first();
  if (!result) throw new HTTPException(404, "Model not found");
  return { model_id: result.id, value: result.value, created_at: result.createdAt?.toISOString() ?? null };
}

async function addModel(request: Request) {
  const { value } = (await request.json()) as { value?: string };
  if (!value) throw new HTTPException(400, "Bad Request");
  await using e = db.asyncExecutor({ model: MyModel });
  const model = await e.insert(new MyModel(value), { flush: true });
  sendWelcome(model);
  return { model_id: model.id, value: model.value, created_at: model.createdAt.toISOString() };
}

export function createApp(): Fluid {
  const app = new Fluid(import.meta);
  app.get("/", { responseClass: HTMLResponse })(home);
  app.get("/health")(health);
  app.get("/my-model")(getModel);
  // A JSON API for scripts, not authenticated by the session cookie: no CSRF token needed.
  app.post("/my-model", { csrf: false })(addModel);
  app.get("/visits", { responseClass: HTMLResponse })(visits);
  app.post("/visits")(setName);
  myExt.expandFluid(app);
  return app;
}

if (import.meta.main) await createApp().mix();
