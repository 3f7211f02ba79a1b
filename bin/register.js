// `node --import webfluid/register app.ts`: loads TypeScript the way `wf` does (TC39 decorators
// included), for running a file directly or a project's tests (`node --import webfluid/register --test`).
import { requireNode } from "./require-node.js";

requireNode("WebFluid");
await import("./typescript-hooks.js");
