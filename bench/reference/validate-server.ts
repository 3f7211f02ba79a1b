/**
 * The reference of bench/http.ts's validated POST: `POST /notes` on bare Fastify 5 with the
 * same TypeBox body schema (bench/apps/validate/fluid/schema.ts), compiled by the same ajv
 * compiler with the options WebFluid gives a JSON body (Fastify's, without type coercion),
 * configured as WebFluid configures Fastify (pino at the same level, request logging off).
 *
 * node bench/reference/validate-server.ts --port 3000 --templates <dir> [--log-level warn]
 */
import Fastify from "fastify";
import type { Static } from "typebox";
import { Note } from "../apps/validate/fluid/schema.ts";
import { closeOnSignal, serverArgs } from "../peers/common.ts";

const args = serverArgs();
const app = Fastify({ logger: { level: args.logLevel }, disableRequestLogging: true, ajv: { customOptions: { coerceTypes: false } } });
app.get("/health", async () => ({ status: "ok" }));
app.post<{ Body: Static<typeof Note> }>("/notes", { schema: { body: Note } }, async (request) => ({ value: request.body.value }));
await app.listen({ host: "127.0.0.1", port: args.port });
closeOnSignal(() => app.close());
