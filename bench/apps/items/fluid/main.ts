/**
 * The app of bench/http.ts's response-schema cases: `GET /item` answers one item and
 * `GET /items` 20, serialized by a compiled response schema when BENCH_RESPONSE_SCHEMA=1 and
 * by JSON.stringify otherwise (the same bytes either way: the items have exactly the schema's
 * fields).
 */
import { Fluid } from "webfluid";

// The JSON Schema TypeBox writes for Type.Object({ id: Type.Integer(), ... }): the bench's
// temporary project resolves webfluid only.
const Item = {
  type: "object",
  required: ["id", "name", "price", "inStock", "tags"],
  properties: { id: { type: "integer" }, name: { type: "string" }, price: { type: "number" }, inStock: { type: "boolean" }, tags: { type: "array", items: { type: "string" } } },
} as const;
const ITEMS = Array.from({ length: 20 }, (_, i) => ({ id: i, name: `item ${i}`, price: i * 1.25, inStock: i % 2 === 0, tags: ["office", "paper"] }));

export function createApp(): Fluid {
  const app = new Fluid(import.meta);
  app.get("/health", () => ({ status: "ok" }));
  const schema = process.env.BENCH_RESPONSE_SCHEMA === "1";
  app.get("/item", schema ? { response: Item } : {}, () => ITEMS[3]!);
  app.get("/items", schema ? { response: { type: "array", items: Item } as const } : {}, () => ITEMS);
  return app;
}
