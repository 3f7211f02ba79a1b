/**
 * A handler's doc comment, for its summary and description in the docs. A running function
 * no longer has its comment (TypeScript is compiled without comments), so it is read from the
 * app package's source files: the `/** ... *\/` block right above `function <name>` or
 * `const <name> =`, when the package has exactly one such declaration of that name.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface DocComment {
  /** The first paragraph, on one line. */
  readonly summary: string;
  /** The paragraphs after it, if any. */
  readonly description: string | undefined;
}

const SOURCE = /\.(?:[cm]?ts|tsx|[cm]?js)$/;
/** Enough for any app package; a folder with more files is not read further. */
const MAX_FILES = 2000;

export class DocComments {
  readonly #dir: string;
  #sources: string[] | undefined;

  constructor(packageDir: string) {
    this.#dir = packageDir;
  }

  /** The doc comment of the function or constant `name` declared in the package, if one and only one. */
  of(name: string): DocComment | undefined {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) return undefined;
    const declaration = new RegExp(
      String.raw`/\*\*((?:[^*]|\*(?!/))*)\*/\s*(?:export\s+)?(?:default\s+)?(?:(?:async\s+)?function\s*\*?\s*${name}\s*[(<]|(?:const|let|var)\s+${name}\b)`,
      "g",
    );
    const found = new Set<string>();
    for (const source of this.#read()) {
      for (const match of source.matchAll(declaration)) found.add(match[1]!);
    }
    if (found.size !== 1) return undefined;
    return parse([...found][0]!);
  }

  #read(): string[] {
    if (this.#sources) return this.#sources;
    const files: string[] = [];
    const walk = (dir: string): void => {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        if (files.length >= MAX_FILES || entry.name.startsWith(".") || entry.name === "node_modules") continue;
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) files.push(path);
      }
    };
    walk(this.#dir);
    this.#sources = files.map((file) => readFileSync(file, "utf8"));
    return this.#sources;
  }
}

/** The text of a `/** ... *\/` block's inside: leading `*`s gone, up to the first `@tag`. */
function parse(inside: string): DocComment | undefined {
  const lines: string[] = [];
  for (const raw of inside.split("\n")) {
    const line = raw.replace(/^\s*\*? ?/, "").trimEnd();
    if (/^@\w/.test(line)) break;
    lines.push(line);
  }
  const paragraphs = lines
    .join("\n")
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "");
  if (paragraphs.length === 0) return undefined;
  const [first, ...rest] = paragraphs;
  return { summary: first!.replace(/\s*\n\s*/g, " "), description: rest.length > 0 ? rest.join("\n\n") : undefined };
}
