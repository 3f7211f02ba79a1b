/**
 * The app of bench/http.ts's validated POST: `POST /notes` with a TypeBox body schema (ajv
 * checks it before the handler runs) answers the value it was sent; `GET /health` tells the
 * bench the server is up.
 */
import { Fluid } from "webfluid";
import { Note } from "./schema.ts";

export function createApp(): Fluid {
  const app = new Fluid(import.meta);
  app.get("/health", () => ({ status: "ok" }));
  app.post("/notes", { body: Note }, (request) => ({ value: request.payload.value }));
  return app;
}
