#!/usr/bin/env node
// The `wf` command. Plain JavaScript so that it can check the Node version before anything
// else, then registers the TypeScript hooks once: user TypeScript (config.ts with TC39
// decorators, main.ts, extensions, revisions) and WebFluid's own sources load through them.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `error: wf needs Node.js >= 22.18 (this is ${process.version}); install Node 24 LTS, or run through the project's scripts (npm start), which fetch it`,
  );
  process.exit(1);
}

await import("./typescript-hooks.js");
const { main } = await import("../src/cli/main.ts");
await main(process.argv);
