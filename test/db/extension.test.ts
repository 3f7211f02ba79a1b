/** The database extension's lifecycle through a real app: binds open at start and close at shutdown. */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { db } from "../../src/db/index.ts";
import { createTestApp } from "../../src/testing/index.ts";
import { server } from "../support/databases.ts";
import { TempProject } from "../support/project.ts";

const project = TempProject.empty();
after(() => project.remove());
project.write("app_configs/app.ini", "EXT_SQLALCHEMY = 1\nDATABASE_URI = sqlite:///app.db\n");
project.write(
  "fluid/models.ts",
  `import { db, p } from "webfluid/db";\nexport class Item extends db.Model("item", { id: p.integer().primary() }) {}\n`,
);
project.write("fluid/main.ts", `import { Fluid } from "webfluid";\nexport function createApp() { return new Fluid(import.meta); }\n`);

describe("EXT_SQLALCHEMY", () => {
  it("opens every bind when the app starts and closes them at shutdown", async () => {
    const app = await createTestApp("app", { root: project.root });
    const orm = await db.orm();
    assert.equal(await orm.isConnected(), true);
    await app.shutdown();
    assert.equal(await orm.isConnected(), false);
  });

  for (const [dialect, rewrite] of [
    ["mysql", (uri: URL) => (uri.protocol = "mariadb:")],
    ["postgresql", (uri: URL) => (uri.protocol = "postgres:")],
    ["postgresql", (uri: URL) => (uri.protocol = "postgresql+psycopg2:")],
  ] as const) {
    it(`connects with the ${dialect} URI form`, { skip: server(dialect).skip }, async (t) => {
      const uri = new URL(dialect === "mysql" ? process.env.WF_TEST_MYSQL_URI! : process.env.WF_TEST_POSTGRES_URI!);
      rewrite(uri);
      t.diagnostic(uri.protocol);
      const app = await createTestApp("app", { root: project.root, overrides: { DATABASE_URI: uri.toString() } });
      try {
        await using e = db.asyncExecutor({ bind: "default" });
        assert.deepEqual((await e.em.execute("select 1 as one")).map((row) => Number(row.one)), [1]);
      } finally {
        await app.shutdown();
      }
    });
  }
});
