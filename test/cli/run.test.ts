import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { spawn, spawnSync } from "node:child_process";
import { example } from "../support/examples.ts";
import { exited, freePort, TSX_LOADER, waitUntil } from "../support/project.ts";

describe("wf run", () => {
  test("serves the tutorial: /health, the template page, the extension's route; SIGTERM exits 0", async () => {
    const p = example();
    const app = await p.start("app");
    try {
      assert.deepEqual(await (await fetch(`${app.url}/health`)).json(), { status: "ok" });
      const home = await fetch(`${app.url}/`);
      assert.match(home.headers.get("content-type") ?? "", /^text\/html/);
      const html = await home.text();
      assert.match(html, /Hello World!/);
      assert.match(html, /my friend/);
      assert.deepEqual(await (await fetch(`${app.url}/myext`)).json(), { bar: "crazy" });
      assert.equal((await fetch(`${app.url}/static/style.css`)).status, 200);
    } finally {
      const result = await app.stop();
      assert.equal(result.code, 0, result.stdout);
    }
  });

  test("importing main.ts never starts a server", async () => {
    const p = example();
    p.write("probe.ts", `import { createApp } from "./fluid/main.ts";\nconsole.log(typeof createApp);\n`);
    const out = spawnSync(process.execPath, ["--import", TSX_LOADER, "probe.ts"], { cwd: p.root, encoding: "utf8", timeout: 30_000 });
    assert.equal(out.status, 0, out.stderr);
    assert.equal(out.stdout.trim(), "function");
  });

  test("main.ts run directly (import.meta.main) serves through mix(), with config.ts applied before the server is built", async () => {
    const p = example();
    // Set only in the config class: under mix() config.ts is imported after createApp() ran.
    p.write("fluid/config.ts", p.read("fluid/config.ts").replace(`MYEXT_BAR = "crazy";`, `MYEXT_BAR = "crazy";\n  MAX_CONTENT_LENGTH = 64;\n  STRICT_TOKEN = "t";`));
    p.write(
      "fluid/main.ts",
      p.read("fluid/main.ts")
        .replace(`import { MyExtension } from "../extension/main.ts";`, `import { MyExtension } from "../extension/main.ts";\nimport { Extension } from "webfluid";\nclass Strict extends Extension { readonly name = "STRICT"; override readonly required = ["STRICT_TOKEN"]; protected setup() {} }`)
        .replace(`myExt.expandFluid(app);`, `myExt.expandFluid(app);\n  new Strict().expandFluid(app);\n  app.post("/echo", { csrf: false })(async (request) => request.json());`),
    );
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", TSX_LOADER, "fluid/main.ts"], {
      cwd: p.root,
      env: { ...process.env, WF_PORT: String(port) },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    try {
      await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/myext`).catch(() => null))?.ok ?? false, 30_000, () => `no answer:\n${stderr}`);
      assert.deepEqual(await (await fetch(`http://127.0.0.1:${port}/myext`)).json(), { bar: "crazy" }, "config.ts loaded without wf");
      const post = (value: string) => fetch(`http://127.0.0.1:${port}/echo`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ value }) });
      assert.equal((await post("small")).status, 200);
      assert.equal((await post("x".repeat(100))).status, 413, "MAX_CONTENT_LENGTH from the config class applies");
    } finally {
      child.kill("SIGTERM");
      await exited(child);
    }
  });

  test("--workers 2 serves from two processes on one port", async () => {
    const p = example();
    p.edit("fluid/main.ts", `myExt.expandFluid(app);`, `myExt.expandFluid(app);\n  app.get("/pid")(() => ({ pid: process.pid, worker: process.env.WF_WORKER_ID }));`);
    const app = await p.start("app", { args: ["--workers", "2"] });
    try {
      const workers = new Set<string>();
      await waitUntil(async () => {
        const body = (await (await fetch(`${app.url}/pid`, { headers: { connection: "close" } })).json()) as { worker: string };
        workers.add(body.worker);
        return workers.size === 2;
      }, 20_000, () => `only saw workers ${[...workers].join(", ")}`);
      assert.deepEqual([...workers].sort(), ["1", "2"]);
    } finally {
      assert.equal((await app.stop()).code, 0);
    }
  });

  test("--reload restarts the app when a source file changes", async () => {
    const p = example();
    const app = await p.start("app", { args: ["--reload"] });
    try {
      p.edit("fluid/api/routes.ts", `return { status: "ok" };`, `return { status: "reloaded" };`);
      await waitUntil(async () => {
        const res = await fetch(`${app.url}/health`).catch(() => null);
        return res?.ok ? ((await res.json()) as { status: string }).status === "reloaded" : false;
      }, 30_000, () => `no reload seen:\n${app.output()}`);
    } finally {
      assert.equal((await app.stop()).code, 0);
    }
  });

  for (const args of [[], ["--workers", "2"], ["--reload"]]) {
    test(`Ctrl-C (SIGINT to the process group) lets an in-flight request finish: wf run app ${args.join(" ")}`, async () => {
      const p = example();
      p.edit(
        "fluid/main.ts",
        `myExt.expandFluid(app);`,
        `myExt.expandFluid(app);\n  app.get("/slow")(async () => { console.log("slow request started"); await new Promise((r) => setTimeout(r, 1500)); return { done: true }; });`,
      );
      const app = await p.start("app", { args, detached: true });
      try {
        const slow = fetch(`${app.url}/slow`);
        await waitUntil(() => app.output().includes("slow request started"), 10_000, () => `the request never started:\n${app.output()}`);
        app.signalGroup("SIGINT");
        const response = await slow;
        assert.equal(response.status, 200);
        assert.deepEqual(await response.json(), { done: true });
        await exited(app.child);
      } finally {
        const result = await app.stop();
        assert.equal(result.code, 0, result.stdout);
        assert.doesNotMatch(result.stdout, /again: exiting without waiting/);
      }
    });
  }

  test("a port in use is a one-line error and exit 1", async () => {
    const p = example();
    const first = await p.start("app");
    try {
      const port = new URL(first.url).port;
      const second = await p.wf(["run", "app", "--port", port]);
      assert.equal(second.code, 1);
      assert.match(second.stderr, new RegExp(`^error: port ${port} on 127\\.0\\.0\\.1 is already in use; stop the other server or choose another port with --port \\[WF_ERR_APP_PORT_IN_USE\\]\\n$`, "m"));
      const fromEnv = await p.wf(["run", "app"], { env: { WF_PORT: port } });
      assert.equal(fromEnv.code, 1);
      assert.match(fromEnv.stderr, /already in use; stop the other server or choose another port with --port or WF_PORT \[WF_ERR_APP_PORT_IN_USE\]$/m);
      p.write("app_configs/app.ini", p.read("app_configs/app.ini").replace(/^PORT = .*$/m, `PORT = ${port}`));
      const fromIni = await p.wf(["run", "app"]);
      assert.match(fromIni.stderr, /choose another port with --port or PORT in app_configs\/app\.ini \[WF_ERR_APP_PORT_IN_USE\]$/m);
    } finally {
      await first.stop();
    }
  });

  test("--workers N: a worker that fails at start stops the others; exit 1 with its error and WF_ERR_CLI_WORKERS_FAILED", async () => {
    const p = example();
    p.write("fluid/main.ts", `throw new Error("main exploded");\n${p.read("fluid/main.ts")}`);
    const result = await p.wf(["run", "app", "--workers", "2", "--port", String(await freePort())], { env: { WF_EXT_SCHEDULER: "0" } });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stderr, /main exploded/);
    assert.match(result.stderr, /^error: worker [12] exited at start \(code 1\); see its error above \[WF_ERR_CLI_WORKERS_FAILED\]$/m);
  });
});
