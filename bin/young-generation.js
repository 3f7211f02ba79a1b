// V8 grows its young generation (the space new objects are made in) when many of them
// survive, as they all do while `wf` loads its modules, the app and its extensions. Grown at
// start-up, it stayed at its largest (64 MB against 2 MB) for the life of a server that
// did not need it: `wf run` was at 160 MB of memory before its first request. So `wf run`
// keeps V8 from growing it while it starts, and lets it grow again once the server listens,
// under the load that may need it. (Held, it costs start-up a few more young collections:
// `wf --help` took 77 ms instead of 65, which is why other commands do not hold it.)
import { setFlagsFromString } from "node:v8";

const RELEASE = Symbol.for("webfluid.releaseYoungGeneration");

/** Stops the young generation from growing until `releaseYoungGeneration()`; not when the user set the factor. */
export function holdYoungGeneration() {
  const given = `${process.execArgv.join(" ")} ${process.env.NODE_OPTIONS ?? ""}`;
  if (/semi[-_]space[-_]growth[-_]factor/.test(given)) return;
  setFlagsFromString("--semi-space-growth-factor=1");
  globalThis[RELEASE] = () => {
    delete globalThis[RELEASE];
    setFlagsFromString("--semi-space-growth-factor=2"); // V8's default
  };
}

/** Lets the young generation grow again (once; nothing when it was not held). */
export function releaseYoungGeneration() {
  globalThis[RELEASE]?.();
}
