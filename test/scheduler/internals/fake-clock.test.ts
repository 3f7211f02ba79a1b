import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FakeClock } from "../../../src/scheduler/index.ts";

describe("FakeClock", () => {
  test("fires timers in time order, each at its own time", async () => {
    const clock = new FakeClock(0);
    const fired: Array<[string, number]> = [];
    clock.setTimeout(() => fired.push(["b", clock.now()]), 200);
    clock.setTimeout(() => fired.push(["a", clock.now()]), 100);
    const cancelled = clock.setTimeout(() => fired.push(["never", clock.now()]), 150);
    clock.clearTimeout(cancelled);
    await clock.advance(1_000);
    assert.deepEqual(fired, [["a", 100], ["b", 200]]);
    assert.equal(clock.now(), 1_000);
  });

  test("timers set by timers fire within the same advance; later ones wait", async () => {
    const clock = new FakeClock(0);
    const fired: number[] = [];
    const tick = () => {
      fired.push(clock.now());
      clock.setTimeout(tick, 300);
    };
    clock.setTimeout(tick, 300);
    await clock.advance(1_000);
    assert.deepEqual(fired, [300, 600, 900]);
    assert.equal(clock.pendingTimers, 1);
  });

  test("promise callbacks settle between timers", async () => {
    const clock = new FakeClock(0);
    const seen: string[] = [];
    clock.setTimeout(() => {
      void Promise.resolve().then(() => seen.push("settled"));
    }, 10);
    clock.setTimeout(() => seen.push("second timer"), 20);
    await clock.advance(20);
    assert.deepEqual(seen, ["settled", "second timer"]);
  });
});
