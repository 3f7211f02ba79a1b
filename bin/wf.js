#!/usr/bin/env node
// The `wf` command. Plain JavaScript so that it can check the Node version before anything
// else, then registers the TypeScript hooks once: user TypeScript (config.ts with TC39
// decorators, main.ts, extensions, revisions) loads through them.
import { requireNode } from "./require-node.js";

requireNode("wf");
// V8 keeps the code it compiles on disk, so later runs skip parsing MikroORM, Kysely, Fastify
// and the rest (NODE_COMPILE_CACHE names another folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off).
const { enableCompileCache } = await import("node:module");
enableCompileCache();
await import("./typescript-hooks.js");
// `#cli` is the built CLI in an installed package, its TypeScript source in a checkout.
const { main } = await import("#cli");
await main(process.argv);
