import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { after, describe, test } from "node:test";
import { TempProject } from "../support/project.ts";

const projects: TempProject[] = [];
after(() => projects.forEach((p) => p.remove()));

describe("how wf loads TypeScript", () => {
  test("decorators and `./x.js` specifiers for x.ts work; compiled files are cached by content", async () => {
    const p = TempProject.fromExample("tutorial");
    projects.push(p);
    p.write("fluid/greeting.ts", `export const greeting: string = "hi";\n`);
    p.write(
      "fluid/main.ts",
      p.read("fluid/main.ts")
        .replace(`import { heart } from "./jobs.ts";`, `import { heart } from "./jobs.ts";\nimport { greeting } from "./greeting.js";`)
        .replace(`myExt.expandFluid(app);`, `myExt.expandFluid(app);\n  app.get("/greeting", { name: greeting })(() => greeting);`),
    );
    const cache = p.path(".ts-cache");
    const env = { WF_TS_CACHE: cache };
    const first = await p.wf(["routes", "app"], { env });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /GET\s+\/greeting\s+hi/);
    const [folder] = readdirSync(cache);
    const compiled = readdirSync(`${cache}/${folder}`);
    assert.ok(compiled.length >= 5, `compiled files cached: ${compiled.join(", ")}`);

    p.write("fluid/greeting.ts", `export const greeting: string = "hello";\n`);
    const second = await p.wf(["routes", "app"], { env });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /GET\s+\/greeting\s+hello/, "an edited file is compiled again");
    assert.equal(readdirSync(`${cache}/${folder}`).length, compiled.length + 1, "only the edited file was compiled again");
  });
});
