import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { Database, DbError, discoverModels, p, select, type Collection } from "../../src/db/index.ts";
import { modelFiles } from "../../src/db/discover.ts";
import { discoveryDb } from "./fixtures/discovery-db.ts";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

const isDbError = (code: string, ...fragments: string[]) => (error: unknown) => {
  assert.ok(error instanceof DbError, String(error));
  assert.equal(error.code, code);
  assert.doesNotMatch(error.message, /[\r\n]/);
  for (const fragment of fragments) assert.ok(error.message.includes(fragment), `${error.message} lacks ${fragment}`);
  return true;
};

const tableNames = (database: Database, bind?: string) =>
  database.models(bind).map((schema) => schema.meta.tableName).sort();

describe("discoverModels", () => {
  it("registers the model classes exported by <package>/models.ts", async () => {
    const found = await discoverModels(fixture("single-app"));
    assert.deepEqual(found.map((model) => model.name), ["Alpha", "Beta"]);
    assert.deepEqual(tableNames(discoveryDb), ["alpha"]);
    assert.deepEqual(tableNames(discoveryDb, "test"), ["beta"]);
  });

  it("registers every models/*.ts, skipping declarations and other files", async () => {
    assert.deepEqual(
      modelFiles(fixture("folder-app")).map((file) => file.split("/").pop()),
      ["a-gamma.ts", "b-delta.ts"],
    );
    const found = await discoverModels(fixture("folder-app"));
    assert.deepEqual(found.map((model) => model.name), ["Gamma", "Delta"]);
  });

  it("finds nothing, without error, in a package without models", async () => {
    assert.deepEqual(await discoverModels(fixture("no-such-app")), []);
  });

  it("reports a models file that fails to import in one line", async () => {
    await assert.rejects(
      discoverModels(fixture("broken-app")),
      isDbError("WF_ERR_DB_MODELS_IMPORT", "broken-app/models.ts", "Cannot read properties of undefined"),
    );
  });
});

describe("registration", () => {
  it("refuses what is not a model, or a model of another Database", () => {
    const database = new Database();
    class Plain {}
    assert.throws(() => database.register(Plain as never), isDbError("WF_ERR_DB_NOT_A_MODEL", "Plain", "db.Model"));
    const other = new Database();
    class Foreign extends other.Model("foreign", { id: p.integer().primary() }) {}
    assert.throws(() => database.register(Foreign), isDbError("WF_ERR_DB_NOT_A_MODEL", "Foreign", "another Database"));
  });

  it("takes the most derived class of a base, and refuses two unrelated ones", () => {
    const database = new Database();
    const Base = database.Model("shape", { id: p.integer().primary() });
    class Shape extends Base {}
    class Square extends Shape {}
    class Circle extends Base {}
    database.register(Base, Shape, Square, Shape);
    assert.equal(database.models()[0]!.meta.class, Square);
    assert.throws(() => database.register(Circle), isDbError("WF_ERR_DB_MODEL_CONFLICT", "Circle", "Square", '"shape"'));
  });

  it("refuses a different class once the bind is open", async () => {
    const database = new Database();
    const Base = database.Model("late", { id: p.integer().primary() });
    class Early extends Base {}
    class Later extends Early {}
    database.register(Early);
    database.configure({ root: tmpdir(), binds: { default: "sqlite:///:memory:" } });
    await database.orm();
    assert.throws(() => database.register(Later), isDbError("WF_ERR_DB_MODEL_CONFLICT", "Later", "db.connect()"));
    await database.close();
  });

  it("names the tables of models nobody registered", async () => {
    const database = new Database();
    database.Model("orphan", { id: p.integer().primary() });
    database.configure({ root: tmpdir(), binds: { default: "sqlite:///:memory:" } });
    assert.throws(() => database.models(), isDbError("WF_ERR_DB_UNREGISTERED_MODEL", '"orphan"', "models.ts", "db.register"));
    await assert.rejects(database.connect(), isDbError("WF_ERR_DB_UNREGISTERED_MODEL"));
  });

  it("registers the targets of relations, and refuses relations across binds", () => {
    const database = new Database();
    class Owner extends database.Model("owner", {
      id: p.integer().primary(),
      pets: () => p.oneToMany(Pet).mappedBy("owner"),
    }) {}
    class Pet extends database.Model("pet", { id: p.integer().primary(), owner: () => p.manyToOne(Owner) }) {}
    database.register(Owner);
    assert.deepEqual(tableNames(database), ["owner", "pet"]);

    class Remote extends database.Model("remote", { id: p.integer().primary() }, { bind: "test" }) {}
    class Local extends database.Model("local", { id: p.integer().primary(), remote: () => p.manyToOne(Remote) }) {}
    database.register(Local);
    assert.throws(() => database.models(), isDbError("WF_ERR_DB_CROSS_BIND_RELATION", "Local", "Remote", '"test"'));
  });
});

describe("models", () => {
  it("report definitions MikroORM refuses in one line", async () => {
    const database = new Database();
    class Keyless extends database.Model("keyless", { name: p.string() }) {}
    database.register(Keyless);
    database.configure({ root: tmpdir(), binds: { default: "sqlite:///:memory:" } });
    await assert.rejects(database.connect(), isDbError("WF_ERR_DB_BAD_MODEL", "Keyless", 'bind "default"', "primary"));
  });

  it("work without a subclass, and give new instances their collections", async () => {
    const database = new Database();
    const Color = database.Model("color", {
      id: p.integer().primary(),
      name: p.string().index(),
      shades: () => p.oneToMany(Shade).mappedBy("color"),
    });
    class Shade extends database.Model("shade", { id: p.integer().primary(), color: () => p.manyToOne(Color) }) {}
    database.register(Color);
    database.configure({ root: tmpdir(), binds: { default: "sqlite:///:memory:" } });
    await database.createAll();
    await using e = database.asyncExecutor({ model: Color });
    const red = new Color();
    red.name = "red";
    const shades: Collection<Shade> = red.shades;
    shades.add(new Shade(), new Shade());
    await e.insert(red, { flush: true });
    await using check = database.asyncExecutor({ model: Shade });
    assert.equal((await check.exec(select(Shade).where({ color: { name: "red" } }).count())).scalar(), 2);
    assert.equal(Color.name, "Color");
    await database.close();
  });
});
