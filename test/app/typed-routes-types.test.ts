/**
 * Compile-time checks of typed routes, run by `tsc --noEmit` (the runtime test only keeps the
 * file in the suite): the handler's request is typed from the route's schemas and path, with no
 * hand-written interface. `@ts-expect-error` lines are the negative cases: they fail the type
 * check if the error disappears.
 */
import type { IncomingHttpHeaders } from "node:http";
import { test } from "node:test";
import Type, { type Static } from "typebox";
import { Fluid, JSONResponse, Router, type Request, type RequestOf, type RouteOptions } from "../../src/index.ts";
import { testConfig } from "../../src/testing/index.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

const Item = Type.Object({ name: Type.String(), price: Type.Number(), tags: Type.Optional(Type.Array(Type.String())) });
type Item = Static<typeof Item>;

test("typed route types", () => {
  const app = new Fluid(process.cwd(), { config: testConfig() });

  // every part typed by its schema
  app.post(
    "/items/{id}",
    {
      params: Type.Object({ id: Type.Integer() }),
      query: Type.Object({ verbose: Type.Optional(Type.Boolean()) }),
      headers: Type.Object({ "x-tenant": Type.Integer() }),
      body: Item,
    },
    (request) => {
      expectType<Equal<typeof request.params, { id: number }>>(true);
      expectType<Equal<typeof request.query, { verbose?: boolean }>>(true);
      expectType<Equal<typeof request.payload, Item>>(true);
      expectType<Equal<typeof request.headers["x-tenant"], number>>(true);
      expectType<Equal<typeof request.headers["user-agent"], string | undefined>>(true);
      return request.payload.price * 2;
    },
  );

  // path parameters from the path string when there is no params schema, in both spellings
  app.get("/users/{user}/posts/{post}", (request) => {
    expectType<Equal<typeof request.params, { readonly user: string; readonly post: string }>>(true);
    expectType<Equal<typeof request.payload, unknown>>(true);
  });
  app.get("/files/:name", (request) => {
    expectType<Equal<typeof request.params, { readonly name: string }>>(true);
  });
  // the seed's style too; it still returns the handler
  const seed = app.get("/seed/{id}", { query: Type.Object({ n: Type.Number() }) })((request) => request.params.id + request.query.n);
  expectType<Equal<ReturnType<typeof seed>, string>>(true);
  // app.route() infers the same way
  app.route({ method: ["PUT", "PATCH"], path: "/r/{id}", body: Item, handler: (request) => request.payload.name + request.params.id });

  // a response schema types what the handler may return (a Response is always allowed)
  const Public = Type.Object({ id: Type.Integer(), name: Type.String() });
  app.get("/user", { response: Public }, () => ({ id: 1, name: "ann", passwordHash: "dropped" }) as Static<typeof Public>);
  app.get("/user2", { response: { 200: Public, 404: Type.Object({ detail: Type.String() }) } }, async () =>
    Math.random() > 0.5 ? { id: 1, name: "ann" } : { detail: "none" },
  );
  app.get("/user3", { response: Public }, () => new JSONResponse({ anything: true }));

  // a handler written apart from its route, typed with RequestOf
  const ItemId = Type.Object({ id: Type.Integer() });
  function getItem(request: RequestOf<"/things/{id}", { params: typeof ItemId; query: typeof Item }>) {
    expectType<Equal<typeof request.params, { id: number }>>(true);
    return request.query.price + request.params.id;
  }
  app.get("/things/{id}", { params: ItemId, query: Item }, getItem);

  // options held in a RouteOptions variable type nothing, as before
  const options: RouteOptions = { statusCode: 201 };
  app.post("/plain", options, (request: Request) => request.queryParams.get("x"));

  // routers: the same route methods, returning the router; the prefix's parameters type params too
  const reviews = new Router({ prefix: "/items/{item}/reviews", tags: ["reviews"] });
  const chainedRouter: typeof reviews = reviews.get("/{review}", { params: Type.Object({ review: Type.Integer() }) }, (request) => {
    expectType<Equal<typeof request.params, { review: number }>>(true);
    expectType<Equal<typeof request.app, Fluid>>(true);
  });
  reviews.get("", (request) => {
    expectType<Equal<typeof request.params, { readonly item: string }>>(true);
  });
  reviews.route({ method: "POST", path: "/", body: Item, handler: (request) => request.payload.price + request.params.item });
  reviews.beforeRequest((request) => (request.headers.authorization ? undefined : new JSONResponse({ detail: "no" }, { status: 401 })));
  const included: Fluid = app.includeRouter(new Router().includeRouter(chainedRouter));
  void included;

  // Never called: these lines only have to fail the type check.
  const negative = () => {
    app.get("/items/{id}", { params: Type.Object({ id: Type.Integer() }) }, (request) => {
      // @ts-expect-error params.id is a number
      const id: string = request.params.id;
      // @ts-expect-error no such parameter
      void request.params.slug;
      return id;
    });
    app.get("/users/{user}", (request) => {
      // @ts-expect-error the path has no {post}
      void request.params.post;
    });
    app.post("/items", { body: Item }, (request) => {
      // @ts-expect-error price is a number
      request.payload.price.toUpperCase();
    });
    app.route({
      method: "POST",
      path: "/r",
      body: Item,
      handler: (request) => {
        // @ts-expect-error app.route() types the payload too
        request.payload.price.toUpperCase();
      },
    });
    // @ts-expect-error the response schema needs a name
    app.get("/user", { response: Public }, () => ({ id: 1 }));
    // @ts-expect-error a schema option takes a schema
    app.get("/x", { query: "q" });
    reviews.get("/{review}", (request) => {
      // @ts-expect-error the router's prefix has no {slug}
      void request.params.slug;
    });
    // @ts-expect-error a handler typed for a number id does not fit a route whose id is a string
    app.get("/things/{id}", getItem);
    // @ts-expect-error router options are checked
    new Router({ prefixes: "/x" });
    // @ts-expect-error tags are a list
    app.get("/docs-options", { tags: "items" }, () => 1);
    // @ts-expect-error deprecated is a boolean, on a router's routes too
    reviews.get("/old", { deprecated: "yes" }, () => 1);
    // @ts-expect-error includeInSchema is a boolean, in app.route() too
    app.route({ method: "GET", path: "/hidden", includeInSchema: "no", handler: () => 1 });
  };
  // The API docs options, on the app's and a router's route methods and app.route().
  app.get("/documented", { summary: "One line", description: "More", tags: ["a"], operationId: "documented", deprecated: true, includeInSchema: false }, () => 1);
  new Router({ prefix: "/r" }).post("", { summary: "Add", tags: ["r"], operationId: "addR" }, () => 1);
  app.route({ method: ["GET", "POST"], path: "/both", summary: "Both", includeInSchema: true, handler: () => 1 });
  void negative;
  expectType<Equal<Request["headers"], IncomingHttpHeaders>>(true);
});
