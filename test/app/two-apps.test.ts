/**
 * Two apps in one process, each on its own database: `db` and `scheduler`, imported once,
 * are the app's that runs the code (its requests, hooks and jobs), never the other's.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { after, describe, test } from "node:test";
import pg from "pg";
import type { Fluid } from "../../src/index.ts";
import { db } from "../../src/db/index.ts";
import { IntervalTrigger, scheduler } from "../../src/scheduler/index.ts";
import { createTestApp } from "../../src/testing/index.ts";
import { server, type TestDatabase } from "../support/databases.ts";
import { TempProject, waitUntil } from "../support/project.ts";

const project = TempProject.empty();
const cleanup: Array<() => unknown> = [() => project.remove()];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

for (const name of ["one", "two"]) {
  project.write(`app_configs/${name}.ini`, `EXT_SQLALCHEMY = 1\nEXT_SCHEDULER = 1\nDATABASE_URI = sqlite:///${name}.db\n`);
}
project.write(
  "fluid/models.ts",
  `import { db, p } from "webfluid/db";
export class Note extends db.Model("note", { id: p.integer().primary(), text: p.string() }) {
  constructor(text: string) { super(); this.text = text; }
}
`,
);
project.write(
  "fluid/main.ts",
  `import { Fluid, type Request } from "webfluid";
import { db, select } from "webfluid/db";
import { DateTrigger, scheduler } from "webfluid/scheduler";
import { Note } from "./models.ts";

/** Due at once: runs as soon as an app's scheduler starts. */
export async function noteFromJob(): Promise<void> {
  await using e = db.asyncExecutor({ model: Note });
  await e.insert(new Note("from a job"), { flush: true });
}
scheduler.addJob(noteFromJob, new DateTrigger(new Date()), { misfireGraceTime: null });

export function createApp(): Fluid {
  const app = new Fluid(import.meta);
  app.onStartup(() => db.createAll());
  app.post("/notes", async (request: Request) => {
    const { text } = await request.json<{ text: string }>();
    await using e = db.asyncExecutor({ model: Note });
    return { id: (await e.insert(new Note(text), { flush: true })).id };
  });
  app.get("/notes", async () => {
    await using e = db.asyncExecutor({ model: Note });
    return (await e.exec(select(Note).orderBy({ id: "asc" }))).all().map((note) => note.text);
  });
  return app;
}
`,
);

/** The texts in an app's database, read beside WebFluid: straight from the file or server. */
async function notesIn(database: { sqlite: string } | { postgresql: string }): Promise<string[]> {
  if ("sqlite" in database) {
    const file = new DatabaseSync(database.sqlite, { readOnly: true });
    try {
      return file.prepare("select text from note order by id").all().map((row) => String(row.text));
    } finally {
      file.close();
    }
  }
  const client = new pg.Client({ connectionString: database.postgresql });
  await client.connect();
  try {
    return (await client.query<{ text: string }>("select text from note order by id")).rows.map((row) => row.text);
  } finally {
    await client.end();
  }
}

async function post(app: Fluid, text: string): Promise<void> {
  const res = await app.inject({ method: "POST", url: "/notes", payload: { text } });
  assert.equal(res.statusCode, 200, res.body);
}

for (const second of ["sqlite", "postgresql"] as const) {
  describe(`two apps side by side: SQLite and ${second === "sqlite" ? "another SQLite file" : "PostgreSQL"}`, { skip: server(second).skip }, () => {
    test("requests and jobs of each app write to the app's own database", async () => {
      let remote: TestDatabase | undefined;
      if (second === "postgresql") {
        remote = await server("postgresql").create();
        cleanup.push(() => remote!.drop());
      }
      const one = await createTestApp("one", { root: project.root, overrides: { DATABASE_URI: `sqlite:///one-${second}.db` } });
      const two = await createTestApp("two", { root: project.root, overrides: { DATABASE_URI: remote?.uri ?? `sqlite:///two-${second}.db` } });
      const stores = [{ sqlite: join(project.root, `one-${second}.db`) }, remote ? { postgresql: remote.uri } : { sqlite: join(project.root, `two-${second}.db`) }];
      try {
        await post(one, "written through one");
        await post(two, "written through two");
        await post(one, "one again");
        assert.deepEqual((await one.inject("/notes")).json(), ["written through one", "one again"]);
        assert.deepEqual((await two.inject("/notes")).json(), ["written through two"]);
        assert.deepEqual(await notesIn(stores[0]!), ["written through one", "one again"]);
        assert.deepEqual(await notesIn(stores[1]!), ["written through two"]);

        // The job was declared once, at import; each app runs its own copy, inside the app.
        const executed: string[] = [];
        const listener = ({ jobId }: { jobId: string }) => void executed.push(jobId);
        scheduler.on("executed", listener); // outside any app: hears every app's scheduler
        cleanup.push(() => scheduler.off("executed", listener));
        assert.deepEqual(scheduler.of(one).getJobs().map((job) => job.id), ["noteFromJob"]);
        await Promise.all([one.run(() => scheduler.start()), scheduler.of(two).start()]);
        await waitUntil(() => executed.length === 2, 10_000, () => `the jobs ran ${executed.length} times`);
        assert.deepEqual(await notesIn(stores[0]!), ["written through one", "one again", "from a job"]);
        assert.deepEqual(await notesIn(stores[1]!), ["written through two", "from a job"]);
      } finally {
        await Promise.all([one.shutdown(), two.shutdown()]);
      }
    });
  });
}

describe("jobs added at run time", () => {
  test("inside an app, addJob adds to that app's scheduler; outside any app, to every app's", async () => {
    const one = await createTestApp("one", { root: project.root });
    const two = await createTestApp("two", { root: project.root });
    const trigger = new IntervalTrigger({ hours: 1 });
    try {
      one.run(() => scheduler.addJob(function onlyOne() {}, trigger));
      scheduler.addJob(function everywhere() {}, trigger);
      const ids = (app: Fluid) => scheduler.of(app).getJobs().map((job) => job.id);
      assert.deepEqual(ids(one), ["noteFromJob", "onlyOne", "everywhere"]);
      assert.deepEqual(ids(two), ["noteFromJob", "everywhere"]);
    } finally {
      await Promise.all([one.shutdown(), two.shutdown()]);
    }
    await scheduler.removeJob("everywhere"); // no app runs: the declaration itself
    assert.deepEqual(scheduler.getJobs().map((job) => job.id), ["noteFromJob"]);
  });
});

describe("db and scheduler outside any app", () => {
  test("with two apps, a call outside both is an error that says how to choose; app.run and .of(app) choose", async () => {
    const one = await createTestApp("one", { root: project.root });
    const two = await createTestApp("two", { root: project.root });
    try {
      const noContext = {
        code: "WF_ERR_APP_NO_CONTEXT",
        message: /^db was used outside any app while 2 apps run \("one", "two"\): run the code inside one \(a request handler, a startup or shutdown hook, a job, or app\.run\(fn\)\), or name the app with db\.of\(app\)$/,
      };
      assert.throws(() => db.binds(), noContext);
      assert.throws(() => scheduler.getJobs(), { code: "WF_ERR_APP_NO_CONTEXT", message: /^scheduler was used outside any app/ });
      assert.equal(one.run(() => db.bindTarget().target.location), join(project.root, "one.db"));
      assert.equal(db.of(two).bindTarget().target.location, join(project.root, "two.db"));
      assert.notEqual(db.of(one), db.of(two));
      assert.equal(two.run(() => scheduler.getJobs()[0]), scheduler.of(two).getJobs()[0]);
    } finally {
      await Promise.all([one.shutdown(), two.shutdown()]);
    }
    const three = await createTestApp("one", { root: project.root });
    try {
      assert.equal(db.bindTarget().target.location, join(project.root, "one.db"), "with one app running, outside code uses it");
    } finally {
      await three.shutdown();
    }
  });
});

describe("two apps serving over HTTP", () => {
  test("each request reaches its own app's database, whether the app listened itself or Fastify was told to listen", async () => {
    const one = await createTestApp("one", { root: project.root, overrides: { DATABASE_URI: "sqlite:///one-http.db" } });
    const two = await createTestApp("two", { root: project.root, overrides: { DATABASE_URI: "sqlite:///two-http.db" } });
    try {
      // app.listen starts the server inside the app, so its requests are already in it;
      // fastify.listen, called outside both apps, leaves each request to enter its app.
      const urls = [await one.listen({ host: "127.0.0.1", port: 0 }), (await two.startup(), await two.fastify.listen({ host: "127.0.0.1", port: 0 }))];
      const texts = [["one over HTTP", "one again"], ["two over HTTP"]] as const;
      for (const [i, url] of urls.entries()) {
        for (const text of texts[i]!) {
          const res = await fetch(`${url}/notes`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text }) });
          assert.equal(res.status, 200, await res.text());
        }
      }
      // (app.listen also started one's scheduler, whose job may have written its note.)
      const ours = (notes: string[]) => notes.filter((note) => note !== "from a job");
      for (const [i, url] of urls.entries()) assert.deepEqual(ours((await (await fetch(`${url}/notes`)).json()) as string[]), texts[i]);
      assert.deepEqual(ours(await notesIn({ sqlite: join(project.root, "one-http.db") })), texts[0]);
      assert.deepEqual(ours(await notesIn({ sqlite: join(project.root, "two-http.db") })), texts[1]);
    } finally {
      await Promise.all([one.shutdown(), two.shutdown()]);
    }
  });
});
