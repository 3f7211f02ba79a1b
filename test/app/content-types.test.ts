/**
 * A body is parsed only when it says what it is: `request.json()` and body schemas need a
 * JSON content type, `request.form()` a urlencoded one; anything else is a 415 as
 * {"detail": ...}, so a cross-site `text/plain` POST (no CORS preflight) cannot pass for JSON.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { Fluid } from "../../src/index.ts";
import { testConfig } from "../../src/testing/index.ts";
import { TempProject } from "../support/project.ts";

const project = TempProject.empty();
after(() => project.remove());

function newApp(): Fluid {
  const app = new Fluid(project.path("fluid"), { config: testConfig({}, { root: project.root }) });
  app.post("/json")(async (req) => ({ got: await req.json() }));
  app.post("/form")(async (req) => Object.fromEntries(await req.form()));
  app.post("/text")(async (req) => ({ text: await req.text(), bytes: (await req.body()).length }));
  const schema = { body: { type: "object", required: ["value"], properties: { value: { type: "string" } } } };
  app.post("/schema", { schema })(async (req) => ({ got: await req.json() }));
  return app;
}

const post = (app: Fluid, url: string, payload: string, contentType?: string) =>
  app.inject({ method: "POST", url, payload, headers: contentType === undefined ? {} : { "content-type": contentType } });

describe("request.json()", () => {
  test("accepts application/json and application/*+json, with any parameters, in any case", async () => {
    const app = newApp();
    for (const type of ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8", "application/problem+json", "application/vnd.api+json; charset=utf-8"]) {
      const res = await post(app, "/json", '{"value":"x"}', type);
      assert.equal(res.statusCode, 200, `${type}: ${res.body}`);
      assert.deepEqual(res.json(), { got: { value: "x" } }, type);
    }
  });

  test("answers 415 as {detail} for any other content type, and for none", async () => {
    const app = newApp();
    for (const type of ["text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx", "text/json", "application/json-seq"]) {
      const res = await post(app, "/json", '{"value":"x"}', type);
      assert.equal(res.statusCode, 415, `${type}: ${res.body}`);
      assert.equal(res.json().detail, `Unsupported Media Type: expected Content-Type application/json, got Content-Type ${JSON.stringify(type)}`);
    }
    const none = await post(app, "/json", '{"value":"x"}');
    assert.equal(none.statusCode, 415);
    assert.deepEqual(none.json(), { detail: "Unsupported Media Type: expected Content-Type application/json, got no Content-Type" });
    const empty = await app.inject({ method: "POST", url: "/json" });
    assert.equal(empty.statusCode, 415, "no body and no content type");
  });

  test("malformed or empty JSON with a JSON content type is still a 400", async () => {
    const app = newApp();
    const bad = await post(app, "/json", "{oops", "application/json");
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().detail, /^Malformed JSON body/);
    assert.equal((await post(app, "/json", "", "application/json")).statusCode, 400);
  });

  test("the raw body stays readable whatever its type", async () => {
    const app = newApp();
    const res = await post(app, "/text", '{"value":"x"}', "text/plain");
    assert.deepEqual(res.json(), { text: '{"value":"x"}', bytes: 13 });
    assert.deepEqual((await post(app, "/text", "abc")).json(), { text: "abc", bytes: 3 });
  });
});

describe("routes with schema.body", () => {
  test("validate a JSON body, and answer 415 before validation for any other type", async () => {
    const app = newApp();
    const ok = await post(app, "/schema", '{"value":"x"}', "application/json; charset=utf-8");
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json(), { got: { value: "x" } });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", undefined]) {
      const res = await post(app, "/schema", '{"value":"x"}', type);
      assert.equal(res.statusCode, 415, `${type}: ${res.body}`);
      assert.match(res.json().detail, /^Unsupported Media Type: expected Content-Type application\/json/);
    }
  });

  test("a request without a body is left to the schema", async () => {
    const app = newApp();
    const res = await app.inject({ method: "POST", url: "/schema" });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json(), { detail: [{ loc: ["body"], msg: "Field required", type: "missing" }] });
  });
});

describe("request.form()", () => {
  test("reads application/x-www-form-urlencoded, with parameters", async () => {
    const app = newApp();
    for (const type of ["application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8"]) {
      const res = await post(app, "/form", "a=1&b=two", type);
      assert.equal(res.statusCode, 200, `${type}: ${res.body}`);
      assert.deepEqual(res.json(), { a: "1", b: "two" });
    }
  });

  test("answers 415 for other types and none; multipart keeps its own message", async () => {
    const app = newApp();
    for (const type of ["text/plain", "application/json", undefined]) {
      const res = await post(app, "/form", "a=1", type);
      assert.equal(res.statusCode, 415, `${type}: ${res.body}`);
      assert.match(res.json().detail, /^Unsupported Media Type: expected Content-Type application\/x-www-form-urlencoded, got /);
    }
    const multipart = await post(app, "/form", "--x--", "multipart/form-data; boundary=x");
    assert.equal(multipart.statusCode, 415);
    assert.deepEqual(multipart.json(), { detail: "multipart/form-data is not supported; send application/x-www-form-urlencoded" });
  });
});
