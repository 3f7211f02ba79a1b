/**
 * The docs say what the code does, checked by doing it:
 *
 * - every file the README shows as "`path`:" followed by a code block is that file of the
 *   tutorial, character for character;
 * - every command sample marked `<!-- sample -->` (a code block of `$ command` lines, each
 *   followed by the output it shows) runs in a fresh copy of the tutorial, one copy per page,
 *   the samples of a page in order (as a reader following along), and prints that output.
 *
 * Output is compared line by line after normalizing what changes from run to run (revision
 * ids, times, durations, column padding); `...` stands for any text within a line, and a line
 * of its own `...` for any number of lines.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { REPO_ROOT, TempProject, type RunningApp } from "../support/project.ts";

const PAGES = ["README.md", "docs/app.md", "docs/cli.md", "docs/config.md", "docs/errors.md", "docs/migrate.md", "docs/db.md", "docs/scheduler.md"];
const MARKER = "<!-- sample -->";
const TUTORIAL = join(REPO_ROOT, "examples", "tutorial");

interface Step {
  readonly command: string;
  readonly expected: readonly string[];
  /** `page:line` of the command, for messages. */
  readonly where: string;
}

function read(page: string): string {
  return readFileSync(join(REPO_ROOT, page), "utf8");
}

/** The marked samples of a page, each a list of steps. */
function samples(page: string): Step[][] {
  const lines = read(page).split("\n");
  const found: Step[][] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== MARKER) continue;
    assert.equal(lines[i + 1], "```", `${page}:${i + 2}: ${MARKER} must come right before a plain \`\`\` block`);
    const steps: Array<{ command: string; expected: string[]; where: string }> = [];
    for (let j = i + 2; lines[j] !== "```"; j++) {
      assert.ok(j < lines.length, `${page}:${i + 1}: the sample's block never ends`);
      const line = lines[j]!;
      if (line.startsWith("$ ")) steps.push({ command: line.slice(2), expected: [], where: `${page}:${j + 1}` });
      else {
        assert.ok(steps.length > 0, `${page}:${j + 1}: a sample starts with a $ command`);
        steps.at(-1)!.expected.push(line);
      }
    }
    found.push(steps);
  }
  return found;
}

/** Splits a command line as a shell would, for the quoting the docs use ('...' and "..."). */
function words(command: string): string[] {
  const out: string[] = [];
  const pattern = /'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const match of command.matchAll(pattern)) out.push(match[1] ?? match[2]?.replace(/\\(.)/g, "$1") ?? match[3]!);
  return out;
}

/** What changes from one run to the next, made the same on both sides. */
function normalize(line: string): string {
  return line
    .replace(/\b[0-9a-f]{12}\b/g, "<rev>")
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<time>")
    .replace(/\b\d+ ms\b/g, "<n> ms")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>")
    .replace(/\s+/g, " ")
    .trim();
}

function lineMatches(expected: string, actual: string): boolean {
  const pattern = normalize(expected)
    .split("...")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${pattern}$`).test(normalize(actual));
}

/** True when `actual` lines match `expected`, where an `...` line stands for any lines. */
function outputMatches(expected: readonly string[], actual: readonly string[]): boolean {
  if (expected.length === 0) return actual.length === 0;
  const [first, ...rest] = expected;
  if (first!.trim() === "...") {
    for (let skip = 0; skip <= actual.length; skip++) if (outputMatches(rest, actual.slice(skip))) return true;
    return false;
  }
  return actual.length > 0 && lineMatches(first!, actual[0]!) && outputMatches(rest, actual.slice(1));
}

/** Runs the steps of a page's samples in one tutorial copy, with `wf run` kept in the background. */
class Reader {
  readonly project = TempProject.fromExample("tutorial");
  #server: RunningApp | undefined;

  async run(step: Step): Promise<string[]> {
    const argv = words(step.command);
    const env: Record<string, string> = {};
    while (/^[A-Z_][A-Z0-9_]*=/.test(argv[0] ?? "")) {
      const [name, ...value] = argv.shift()!.split("=");
      env[name!] = value.join("=");
    }
    const [program, ...args] = argv;
    if (program === "curl") return this.#curl(args, step);
    assert.equal(program, "wf", `${step.where}: a sample runs wf or curl, not ${program}`);
    if (args[0] === "run" && step.expected.length === 0) {
      await this.#server?.stop();
      // Port 8000 may be taken here: the samples' URLs are pointed at the server's port.
      this.#server = await this.project.start(args[1]!, { env: { WF_EXT_SCHEDULER: "0", ...env } });
      return [];
    }
    const result = await this.project.wf(args, { env });
    return `${result.stdout}${result.stderr}`.trimEnd().split("\n").filter((line, i, all) => line !== "" || all.length > 1);
  }

  async #curl(args: string[], step: Step): Promise<string[]> {
    assert.ok(this.#server, `${step.where}: curl needs a \`$ wf run <app>\` before it in the page`);
    let method = "GET";
    let body: string | undefined;
    const headers: Record<string, string> = {};
    let url = "";
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (arg === "-X") method = args[++i]!;
      else if (arg === "-H") {
        const [name, ...value] = args[++i]!.split(":");
        headers[name!.trim()] = value.join(":").trim();
      } else if (arg === "-d") {
        body = args[++i]!;
        if (method === "GET") method = "POST";
      } else url = arg;
    }
    const response = await fetch(url.replace("http://127.0.0.1:8000", this.#server.url), { method, headers, body });
    return [await response.text()];
  }

  async close(): Promise<void> {
    await this.#server?.stop();
    this.project.remove();
  }
}

describe("docs samples", () => {
  test("the README's file listings are the tutorial's files", () => {
    const text = read("README.md");
    const listing = /^`([^`\n]+)`:\n\n```\w*\n(.*?)```$/gms;
    let count = 0;
    for (const [, path, shown] of text.matchAll(listing)) {
      const file = join(TUTORIAL, path!);
      if (!existsSync(file) || !statSync(file).isFile()) continue;
      assert.equal(shown, readFileSync(file, "utf8"), `README.md shows ${path} otherwise than examples/tutorial/${path}`);
      count++;
    }
    assert.ok(count >= 6, `only ${count} listings found`);
  });

  const readers: Reader[] = [];
  after(async () => {
    for (const reader of readers) await reader.close();
  });

  for (const page of PAGES) {
    const pageSamples = samples(page);
    if (pageSamples.length === 0) continue;
    test(`${page}: ${pageSamples.length} command sample(s) print what they show`, async () => {
      const reader = new Reader();
      readers.push(reader);
      for (const steps of pageSamples) {
        for (const step of steps) {
          const actual = await reader.run(step);
          assert.ok(
            outputMatches(step.expected, actual),
            `${step.where}: \`${step.command}\` printed\n${actual.join("\n")}\n--- where the page shows ---\n${step.expected.join("\n")}`,
          );
        }
      }
    });
  }
});
