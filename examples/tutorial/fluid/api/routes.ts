// The app's JSON endpoints, in a router of their own (main.ts includes it). Their schemas
// validate each request before the handler runs (a wrong field is a 422 naming it) and shape
// each answer.
import Type from "typebox";
import { HTTPException, Router } from "webfluid";
import { db, select } from "webfluid/db";
import { sendWelcome } from "../mail_service.ts";
import { MyModel } from "../models.ts";

export const api = new Router({ name: "api", tags: ["api"] });

const Health = Type.Object({ status: Type.String() });
const ModelIn = Type.Object({ value: Type.String({ minLength: 1 }) });
const ModelOut = Type.Object({
  model_id: Type.Integer(),
  value: Type.String(),
  created_at: Type.Union([Type.String(), Type.Null()]),
});

api.get("/health", { response: Health }, async function health() {
  return { status: "ok" };
});

// GET /my-model?id=1: the id is checked and converted to a number before the handler runs.
api.get("/my-model", { query: Type.Object({ id: Type.Integer() }), response: ModelOut }, async function getModel(request) {
  await using e = db.asyncExecutor({ model: MyModel });
  const result = (await e.exec(select(MyModel).where({ id: request.query.id }))).first();
  if (!result) throw new HTTPException(404, "Model not found");
  return { model_id: result.id, value: result.value, created_at: result.createdAt?.toISOString() ?? null };
});

// A JSON API for scripts, not authenticated by the session cookie: no CSRF token needed.
api.post("/my-model", { csrf: false, body: ModelIn, response: ModelOut }, async function addModel(request) {
  await using e = db.asyncExecutor({ model: MyModel });
  const model = await e.insert(new MyModel(request.payload.value), { flush: true });
  sendWelcome(model);
  return { model_id: model.id, value: model.value, created_at: model.createdAt.toISOString() };
});
