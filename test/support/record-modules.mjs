// Preload (`node --import <this file>`): at exit, writes to $WF_RECORD_MODULES the modules the
// process loaded, as JSON `{ files: [...file URLs], builtins: [...internal modules] }`.
import { writeFileSync } from "node:fs";
import { registerHooks } from "node:module";

const files = new Set();
registerHooks({
  load(url, context, nextLoad) {
    if (url.startsWith("file:")) files.add(url);
    return nextLoad(url, context);
  },
});
process.on("exit", () => {
  const builtins = process.moduleLoadList.filter((name) => name.startsWith("NativeModule ")).map((name) => name.slice(13));
  writeFileSync(process.env.WF_RECORD_MODULES, JSON.stringify({ files: [...files], builtins }));
});
