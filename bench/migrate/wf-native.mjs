// Diagnostic only: the `wf` command without tsx's module hooks (bin/wf.js minus
// `register()`), so that every module loads through Node's own loader and WebFluid's .ts
// sources through Node's built-in type stripping. Works for the bench's generated projects
// only because they have no config.ts with decorators (which type stripping cannot run).
// What `wf` would cost if its TypeScript hook were in-thread and limited to user files.
const { main } = await import("../../src/cli/main.ts");
await main(process.argv);
