/**
 * The app of bench/http.ts's response-schema cases: `GET /item` answers one item and
 * `GET /items` 20, serialized by a compiled response schema when BENCH_RESPONSE_SCHEMA=1 and
 * by JSON.stringify otherwise (the same bytes either way: the items have exactly the schema's
 * fields).
 */
import { Fluid, Type } from "webfluid";

const Item = Type.Object({ id: Type.Integer(), name: Type.String(), price: Type.Number(), inStock: Type.Boolean(), tags: Type.Array(Type.String()) });
const ITEMS = Array.from({ length: 20 }, (_, i) => ({ id: i, name: `item ${i}`, price: i * 1.25, inStock: i % 2 === 0, tags: ["office", "paper"] }));

export function createApp(): Fluid {
  const app = new Fluid(import.meta);
  app.get("/health", () => ({ status: "ok" }));
  const schema = process.env.BENCH_RESPONSE_SCHEMA === "1";
  app.get("/item", schema ? { response: Item } : {}, () => ITEMS[3]!);
  app.get("/items", schema ? { response: Type.Array(Item) } : {}, () => ITEMS);
  return app;
}
