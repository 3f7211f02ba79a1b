/** bin/young-generation.js: wf run keeps V8's young generation from growing while it starts. */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { REPO_ROOT } from "../../support/project.ts";

/** In a fresh Node: the young generation's size (MB) after many surviving objects, while held, then after release. */
function youngGenerationSizes(): { held: number; released: number } {
  const script = `
    import v8 from "node:v8";
    import { holdYoungGeneration, releaseYoungGeneration } from ${JSON.stringify(`${REPO_ROOT}bin/young-generation.js`)};
    const newSpace = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space").space_size / 1048576;
    const kept = [];
    const survive = () => { for (let i = 0; i < 400000; i++) kept.push({ i, text: "x" + i }); };
    holdYoungGeneration();
    survive();
    const held = newSpace();
    releaseYoungGeneration();
    survive();
    console.log(JSON.stringify({ held, released: newSpace() }));
  `;
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })) as { held: number; released: number };
}

test("while held the young generation stays at its smallest however many objects survive; released, it grows", () => {
  const { held, released } = youngGenerationSizes();
  assert.ok(held <= 4, `held: ${held} MB`);
  assert.ok(released > held, `released: ${released} MB, held: ${held} MB`);
});
