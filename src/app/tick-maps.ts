/**
 * Keeps `process.nextTick` fast for the life of a serving process.
 *
 * Node builds each queued tick as an object literal with computed symbol keys. V8 links the
 * hidden classes (maps) such an object passes through only weakly, so a full garbage
 * collection that finds no tick object alive (the queue is empty between requests, which is
 * most of the time) frees them, and the next `nextTick` builds new ones. One such collection
 * while `nextTick`'s code is still warming up (a server's first moments of load), or many
 * later, leave the inline caches of that literal with more than four maps, and they turn
 * megamorphic for good: each `nextTick` (an HTTP request makes about five) then costs about
 * eight times as much, some 10% of a small request's CPU. Which processes get there depends
 * on when their collections fall, so it came and went between runs of the same server.
 *
 * One tick object kept alive keeps the whole chain of maps alive (each map points back to
 * the one before), so the caches see one map each and stay monomorphic.
 */
import { executionAsyncResource } from "node:async_hooks";

let kept: object | undefined;

/** Keeps one tick object for the rest of the process (once; later calls do nothing). */
export function keepNextTickMaps(): void {
  if (kept) return;
  // Inside a tick's callback, the resource in context is the tick object itself.
  process.nextTick(() => {
    kept ??= executionAsyncResource();
  });
}
