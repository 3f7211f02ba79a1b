/**
 * Temporary projects that a test file uses and forgets: each is removed once the file's
 * tests have run.
 */
import { after } from "node:test";
import { TempProject } from "./project.ts";

const made: TempProject[] = [];
after(() => {
  for (const project of made.splice(0)) project.remove();
});

/** A fresh copy of `examples/<name>`, removed after the file's tests. */
export function example(name = "tutorial"): TempProject {
  return kept(TempProject.fromExample(name));
}

/** A fresh empty project (`webfluid` resolvable), removed after the file's tests. */
export function emptyProject(): TempProject {
  return kept(TempProject.empty());
}

function kept(project: TempProject): TempProject {
  made.push(project);
  return project;
}
