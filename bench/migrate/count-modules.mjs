// Diagnostic only: `node --import ./count-modules.mjs ...` prints, at exit (on stderr), how
// many modules the process loaded, by package. Synchronous in-thread hooks (module.registerHooks),
// so it sees every module whatever other loader (tsx) is registered.
import { registerHooks } from "node:module";

const urls = [];
registerHooks({
  load(url, context, next) {
    urls.push(url);
    return next(url, context);
  },
});
process.on("exit", () => {
  const byPackage = new Map();
  for (const url of urls) {
    let key = "other";
    const at = url.lastIndexOf("/node_modules/");
    if (url.startsWith("node:")) key = "node: builtins";
    else if (at >= 0) {
      const parts = url.slice(at + 14).split("/");
      key = parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
    } else if (url.includes("/src/")) key = `webfluid src/${url.split("/src/").at(-1).split("/")[0]}`;
    else key = "project / bench";
    byPackage.set(key, (byPackage.get(key) ?? 0) + 1);
  }
  const rows = [...byPackage].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} ${k}`);
  process.stderr.write(`\n${JSON.stringify({ modules: urls.length, byPackage: rows })}\n`);
});
