/**
 * Reading `app_configs/<name>.ini`: flat `KEY = value` lines, `;`/`#` comments and an
 * optional `[binds]` section. Values stay text here (see values.ts for conversion) but
 * keep the line they came from, so every later error can point at it.
 *
 * Hand-written rather than the `ini` package: that parser accepts any line silently and
 * drops line numbers, and a malformed line must be reported with its file and line so that
 * the user can fix it.
 */
import { ConfigError, ConfigErrorCode } from "./errors.ts";
import { expandVariables } from "./values.ts";

/** One `KEY = value` line, with `${VAR}` already expanded. */
export interface IniEntry {
  readonly key: string;
  readonly text: string;
  /** Written in quotes: taken as text, never converted to a boolean, number or JSON. */
  readonly quoted: boolean;
  readonly line: number;
  /** `file:line`, for messages. */
  readonly where: string;
}

export interface IniFile {
  /** The file as the user knows it, relative to the project root. */
  readonly file: string;
  readonly entries: readonly IniEntry[];
  /** `[binds]` section: bind name -> URI. */
  readonly binds: readonly IniEntry[];
}

const SECTIONS = ["binds"] as const;
const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Parses ini text; `file` is used in messages only. */
export function parseIni(text: string, file: string, env: NodeJS.ProcessEnv = process.env): IniFile {
  const entries: IniEntry[] = [];
  const binds: IniEntry[] = [];
  const seen = new Map<string, number>();
  let section: (typeof SECTIONS)[number] | undefined;

  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const where = `${file}:${line}`;
    const content = raw.trim();
    if (content === "" || content.startsWith(";") || content.startsWith("#")) return;

    const header = /^\[\s*([^\]]*?)\s*\]$/.exec(content);
    if (header) {
      const name = header[1]!.toLowerCase();
      if (!SECTIONS.includes(name as (typeof SECTIONS)[number])) {
        throw syntax(where, `unknown section [${header[1]}]; the only section is [binds], other keys go above it`);
      }
      section = name as (typeof SECTIONS)[number];
      return;
    }

    const eq = content.indexOf("=");
    if (eq <= 0) {
      throw syntax(where, `expected KEY = value, a [binds] header or a comment, got ${JSON.stringify(content)}`);
    }
    const key = content.slice(0, eq).trim();
    if (!KEY.test(key)) {
      throw syntax(where, `${JSON.stringify(key)} is not a valid key (letters, digits, _, . and -, not starting with a digit)`);
    }
    const scopedKey = section ? `[${section}] ${key}` : key;
    const previous = seen.get(scopedKey);
    if (previous !== undefined) {
      throw syntax(where, `${key} is already set on line ${previous}; keep one of the two`);
    }
    seen.set(scopedKey, line);

    const written = content.slice(eq + 1).trim();
    const quoted = /^(["'])(.*)\1$/.exec(written);
    const value = expandVariables(quoted ? quoted[2]! : written, env, { where });
    (section === "binds" ? binds : entries).push({ key, text: value, quoted: quoted !== null, line, where });
  });

  return { file, entries, binds };
}

function syntax(where: string, detail: string): ConfigError {
  return new ConfigError(ConfigErrorCode.INI_SYNTAX, `${where}: ${detail}`);
}
