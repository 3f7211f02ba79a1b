/**
 * Command-line options of a benchmark: each has a flag (`--duration 5`), an environment
 * variable (`BENCH_DURATION=5`) and a default; the flag wins over the variable.
 */
import { parseArgs } from "node:util";

/** One option: its environment variable, default (whose type is the option's) and help line. */
export interface OptionSpec<V extends string | number | boolean = string | number | boolean> {
  readonly env: string;
  readonly default: V;
  readonly help: string;
}

type Values<S extends Record<string, OptionSpec>> = { -readonly [K in keyof S]: S[K]["default"] extends boolean ? boolean : S[K]["default"] extends number ? number : string };

/** Options of the benchmarks that put servers under load (http.ts, db.ts). */
export const LOAD_OPTIONS = {
  duration: { env: "BENCH_DURATION", default: 3, help: "seconds of load per server and case in each round" },
  slices: { env: "BENCH_SLICES", default: 3, help: "the duration is run in this many slices, alternating between the two servers of a pair (A B B A A B)" },
  warmup: { env: "BENCH_WARMUP", default: 2, help: "seconds of load per fresh server and case before its measured runs" },
  connections: { env: "BENCH_CONNECTIONS", default: 50, help: "concurrent keep-alive connections of the load generator" },
  rounds: { env: "BENCH_ROUNDS", default: 5, help: "measured rounds; each round starts a fresh pair of servers per pairing and runs every case on both, order alternating" },
  control: { env: "BENCH_CONTROL", default: true, help: "also pair the reference with a second reference (the A/A control row; --no-control to skip)" },
  quiet: { env: "BENCH_QUIET", default: 0.25, help: "before each run, wait until other processes use at most this many cores" },
  "max-other": { env: "BENCH_MAX_OTHER", default: 0.5, help: "redo a pair of runs when other processes used more cores than this meanwhile" },
  patience: { env: "BENCH_PATIENCE", default: 60, help: "seconds the bench may lose waiting for quiet and redoing disturbed pairs" },
  pin: { env: "BENCH_PIN", default: true, help: "pin the load generator and the servers to separate CPUs with taskset (--no-pin to disable)" },
  priority: {
    env: "BENCH_PRIORITY",
    default: false,
    help: "run the bench and the servers at nice -10 (root only), so that other jobs on a shared machine disturb them less",
  },
  only: { env: "BENCH_ONLY", default: "", help: "run only the cases whose name contains this text (e.g. POST, health)" },
  "log-level": { env: "BENCH_LOG_LEVEL", default: "warn", help: "log level of WebFluid (WF_LOG_LEVEL) and of the reference" },
  "cpu-prof": { env: "BENCH_CPU_PROF", default: false, help: "run the servers with node --cpu-prof and print where their CPU went" },
  "cpu-prof-dir": { env: "BENCH_CPU_PROF_DIR", default: "bench/results/profiles", help: "where --cpu-prof writes the .cpuprofile files" },
} satisfies Record<string, OptionSpec>;

/** The databases a benchmark can run on. */
/** The report line saying how each server was measured (after its warm-up). */
export function measuredNote(options: { readonly duration: number; readonly slices: number; readonly connections: number }): string {
  const slices = options.slices > 1 ? ` in ${options.slices} slices alternating between the pair (A B B A ...)` : "";
  return `${options.duration} s per server and case${slices}, ${options.connections} connections, pipelining 1`;
}

export const DIALECTS = ["sqlite", "postgresql"] as const;
export type Dialect = (typeof DIALECTS)[number];

/** Options of the benchmarks that use databases (db.ts, migrate.ts). */
export const DATABASE_OPTIONS = {
  dialects: { env: "BENCH_DIALECTS", default: DIALECTS.join(","), help: "databases to run on, comma-separated" },
  "postgres-uri": {
    env: "WF_TEST_POSTGRES_URI",
    default: "postgresql://postgres@127.0.0.1:5432/test",
    help: "a PostgreSQL server (the bench creates its databases there and drops them at the end)",
  },
} satisfies Record<string, OptionSpec>;

/** The `--dialects` list, checked; exits with code 2 and one line on an unknown name. */
export function readDialects(text: string): Dialect[] {
  const dialects = text.split(",").map((d) => d.trim()).filter(Boolean);
  for (const dialect of dialects) {
    if (!(DIALECTS as readonly string[]).includes(dialect)) {
      console.error(`error: --dialects: unknown ${JSON.stringify(dialect)}; use ${DIALECTS.join(", ")}`);
      process.exit(2);
    }
  }
  return dialects as Dialect[];
}

/**
 * Reads `specs` from `argv` and the environment; prints the help and exits on `--help`,
 * and exits with code 2 and one line on an unknown flag or a bad value.
 */
export function readOptions<S extends Record<string, OptionSpec>>(specs: S, usage: string, argv = process.argv.slice(2)): Values<S> {
  try {
    return parseOptions(specs, usage, argv);
  } catch (error) {
    console.error(`error: ${(error as Error).message} (--help lists the options)`);
    process.exit(2);
  }
}

function parseOptions<S extends Record<string, OptionSpec>>(specs: S, usage: string, argv: readonly string[]): Values<S> {
  const parsed = parseArgs({
    args: [...argv],
    allowNegative: true,
    options: {
      help: { type: "boolean", short: "h" },
      ...Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, { type: typeof spec.default === "boolean" ? "boolean" : "string" }] as const)),
    },
  }).values as Record<string, string | boolean | undefined>;
  if (parsed.help) {
    console.log(`${usage}\n\nOptions (flag, environment variable, default):`);
    for (const [name, spec] of Object.entries(specs)) {
      console.log(`  --${name.padEnd(14)} ${spec.env.padEnd(20)} ${String(spec.default).padEnd(24)} ${spec.help}`);
    }
    process.exit(0);
  }
  const values: Record<string, string | number | boolean> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const raw = parsed[name] ?? process.env[spec.env];
    values[name] = raw === undefined ? spec.default : convert(name, spec, raw);
  }
  return values as Values<S>;
}

function convert(name: string, spec: OptionSpec, raw: string | boolean): string | number | boolean {
  if (typeof spec.default === "boolean") {
    if (typeof raw === "boolean") return raw;
    return !["0", "false", "no", "off", ""].includes(raw.toLowerCase());
  }
  if (typeof spec.default === "number") {
    const n = Number(raw);
    if (typeof raw !== "string" || raw.trim() === "" || !Number.isFinite(n) || n <= 0) {
      throw new Error(`--${name} (${spec.env}) takes a number > 0, got ${JSON.stringify(raw)}`);
    }
    return n;
  }
  return String(raw);
}
