/**
 * The reference for bench/db.ts: the tutorial's `GET /my-model?id=` and `POST /my-model`
 * written by hand on bare Fastify 5 + MikroORM 7: the same table (`my_model`, created by
 * WebFluid before this server starts), `defineEntity`, one `orm.em.fork()` per request,
 * find by id, insert + flush returning id and created_at; the same JSON answers.
 * Logging as WebFluid's: pino at the same level, request logging off.
 *
 * node bench/reference/db-server.ts --port 3000 --dialect sqlite|postgresql --db <file or URI> [--log-level warn]
 */
import { parseArgs } from "node:util";
import { defineEntity, MikroORM, p } from "@mikro-orm/core";
import Fastify from "fastify";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    dialect: { type: "string" },
    db: { type: "string" },
    "log-level": { type: "string", default: "warn" },
  },
});
if (!values.port || !values.db || (values.dialect !== "sqlite" && values.dialect !== "postgresql")) {
  throw new Error("usage: db-server.ts --port <port> --dialect sqlite|postgresql --db <sqlite file | postgresql URI> [--log-level <level>]");
}

const MyModelSchema = defineEntity({
  name: "MyModel",
  tableName: "my_model",
  properties: {
    id: p.integer().primary(),
    value: p.string(),
    createdAt: p.datetime().defaultRaw("current_timestamp"),
  },
});
class MyModel extends MyModelSchema.class {}
MyModelSchema.setClass(MyModel);

const orm =
  values.dialect === "sqlite"
    ? await MikroORM.init({ driver: (await import("@mikro-orm/sqlite")).SqliteDriver, dbName: values.db, entities: [MyModelSchema] })
    : await MikroORM.init({ driver: (await import("@mikro-orm/postgresql")).PostgreSqlDriver, clientUrl: values.db, entities: [MyModelSchema] });

const app = Fastify({ logger: { level: values["log-level"] }, disableRequestLogging: true });

app.get("/health", async () => ({ status: "ok" }));

app.get("/my-model", async (request, reply) => {
  const { id } = request.query as { id?: string };
  if (!id) return reply.code(400).send({ detail: "Bad Request" });
  const em = orm.em.fork();
  const model = await em.findOne(MyModel, { id: Number(id) });
  if (!model) return reply.code(404).send({ detail: "Model not found" });
  return { model_id: model.id, value: model.value, created_at: model.createdAt?.toISOString() ?? null };
});

app.post("/my-model", async (request, reply) => {
  const { value } = (request.body ?? {}) as { value?: string };
  if (!value) return reply.code(400).send({ detail: "Bad Request" });
  const em = orm.em.fork();
  const model = em.create(MyModel, { value });
  await em.flush();
  return { model_id: model.id, value: model.value, created_at: model.createdAt.toISOString() };
});

await app.listen({ host: "127.0.0.1", port: Number(values.port) });

// Exit through close() so that `--cpu-prof` writes its profile.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void app.close().then(() => orm.close()).then(() => process.exit(0)));
}
