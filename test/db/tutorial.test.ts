/**
 * The tutorial's database code (SPEC section 1): models discovered from fluid/models.ts,
 * two SQLite binds with relative paths, and the bodies of its getModel / addModel routes.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { db, discoverModels, select } from "webfluid/db";
import { MyModel, SecondModel } from "./fixtures/tutorial/fluid/models.ts";

async function addModel(value: string) {
  await using e = db.asyncExecutor({ model: MyModel });
  const model = await e.insert(new MyModel(value), { flush: true });
  return { model_id: model.id, value: model.value, created_at: model.createdAt.toISOString() };
}

async function getModel(modelId: number) {
  await using e = db.asyncExecutor({ model: MyModel });
  const result = (await e.exec(select(MyModel).where({ id: modelId }))).first();
  if (!result) return null;
  return { model_id: result.id, value: result.value, created_at: result.createdAt?.toISOString() ?? null };
}

describe("the tutorial's models and routes", () => {
  let root: string;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), "wf-tutorial-"));
    const found = await discoverModels(fileURLToPath(new URL("./fixtures/tutorial/fluid", import.meta.url)));
    assert.deepEqual(found, [MyModel, SecondModel]);
    db.configure({ root, binds: { default: "sqlite:///app2.db", test: "sqlite:///test.db" } });
    await db.connect();
    await db.createAll();
  });

  after(async () => {
    await db.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("puts each model in its bind's file, relative to the project root", () => {
    assert.ok(existsSync(join(root, "app2.db")));
    assert.ok(existsSync(join(root, "test.db")));
    assert.deepEqual(db.models("default").map((schema) => schema.meta.className), ["MyModel"]);
    assert.deepEqual(db.models("test").map((schema) => schema.meta.className), ["SecondModel"]);
  });

  it("adds a model and reads it back with its server default", async () => {
    const added = await addModel("hello");
    assert.equal(added.value, "hello");
    assert.match(added.created_at, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(await getModel(added.model_id), added);
    assert.equal(typeof added.model_id, "number");
    assert.equal(await getModel(999), null);
  });

  it("uses the second model on its own bind", async () => {
    await using e = db.asyncExecutor({ model: SecondModel });
    const second = new SecondModel();
    second.value = "on test";
    await e.insert(second, { flush: true });
    assert.ok(second.createdAt instanceof Date);
    await assert.rejects(e.exec(select(MyModel)), /bind "default"/);
  });
});
