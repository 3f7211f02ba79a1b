/**
 * `keepNextTickMaps` (what `app.listen` calls): after full collections that find no tick
 * queued, the inline caches of `process.nextTick`'s tick-object literal stay monomorphic.
 * Read from V8's own feedback (`%DebugPrint`) in a child process.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";

const TICK_MAPS = new URL("../../src/app/tick-maps.ts", import.meta.url).href;

/** The states of the caches of the tick-object literal's properties, after 40 collections. */
function tickLiteralCaches(keep: boolean): string[] {
  const script = `
    ${keep ? `(await import(${JSON.stringify(TICK_MAPS)})).keepNextTickMaps();` : ""}
    const noop = () => {};
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 2000; i++) process.nextTick(noop, i);
      await new Promise((resolve) => setImmediate(resolve)); // the tick queue is empty here
      globalThis.gc();
    }
    %DebugPrint(process.nextTick);`;
  const child = spawnSync(process.execPath, ["--expose-gc", "--allow-natives-syntax", "--input-type=module", "-e", script], {
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.equal(child.status, 0, child.stderr);
  return [...child.stdout.matchAll(/DefineKeyedOwnPropertyInLiteral (\w+)/g)].map((match) => match[1]!);
}

test("without a kept tick object, collections turn nextTick's caches megamorphic (the cost kept away)", () => {
  const states = tickLiteralCaches(false);
  assert.equal(states.length, 5, `one cache per property of the tick object: ${states.join(", ")}`);
  assert.ok(states.includes("MEGAMORPHIC"), `V8 kept the tick maps by itself (${states.join(", ")}): keepNextTickMaps may no longer be needed`);
});

test("a kept tick object keeps every cache of the literal monomorphic", () => {
  assert.deepEqual(tickLiteralCaches(true), Array(5).fill("MONOMORPHIC"));
});
