import { Fluid, HTMLResponse, HTTPException, render, type Request } from "webfluid";
import { db, select } from "webfluid/db";
import { IntervalTrigger, scheduler } from "webfluid/scheduler";
import { MyExtension } from "../extension/main.ts";
import { heart } from "./jobs.ts";
import { sendWelcome } from "./mail_service.ts";
import { MyModel } from "./models.ts";

const myExt = new MyExtension();
scheduler.addJob(heart, new IntervalTrigger({ seconds: 5 }));

async function home() {
  return render("index.html", { title: "Hello World!", name: "my friend" });
}

async function health() {
  return { status: "ok" };
}

async function getModel(request: Request) {
  const modelId = request.queryParams.get("id");
  if (!modelId) throw new HTTPException(400, "Bad Request");
  await using e = db.asyncExecutor({ model: MyModel });
  const result = (await e.exec(select(MyModel).where({ id: Number(modelId) }))).first();
  if (!result) throw new HTTPException(404, "Model not found");
  return { model_id: modelId, value: result.value, created_at: result.createdAt?.toISOString() ?? null };
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
  app.post("/my-model")(addModel);
  myExt.expandFluid(app);
  return app;
}

if (import.meta.main) await createApp().mix();
