/**
 * The public surface, name by name: what each entry point exports (values and types, and the
 * members of an exported namespace) is held here, so that a change to it is deliberate; each
 * name is listed in the "Reference" section of its area's docs; and every code sample (in
 * README.md, docs/, the starter and TSDoc examples) imports only paths and names the package
 * exports.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, test } from "node:test";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface Entry {
  /** The source behind the entry point. */
  readonly source: string;
  /** The docs pages whose "Reference" sections list its names. */
  readonly docs: readonly string[];
  readonly names: readonly string[];
}

const SURFACE: Readonly<Record<string, Entry>> = {
  webfluid: {
    source: "src/index.ts",
    docs: ["docs/app.md", "docs/config.md", "docs/extensions.md", "docs/errors.md", "docs/security.md"],
    names: [
      "AppError", "AppErrorCode", "Config", "ContextLog", "ConfigError", "ConfigErrorCode", "CookieOptions", "DeleteCookieOptions",
      "ErrorArea", "ErrorCode", "ErrorDescription", "ExtError", "ExtErrorCode", "Extension", "ExtensionCommand",
      "FileResponse", "FileResponseInit", "Fluid", "FluidConfig", "FluidOptions", "HTMLResponse", "HTTPException",
      "Handler", "JSONResponse", "LifecycleHook", "OpenAPIDocument", "PlainTextResponse", "RedirectResponse", "Request", "RequestOf", "Response",
      "ResponseClass", "ResponseInit", "RouteDecorator", "RouteInfo", "RouteInput", "RouteMethod", "RouteOptions",
      "RouteSchemas", "Router", "RouterHook", "RouterOptions", "SecurityHeadersOptions", "ServeOptions", "Session", "SessionData", "SessionValue", "SessionValueOf",
      "StreamingResponse", "TemplateFilter", "TemplateResponse", "TemplateTest", "ValidationIssue", "WebError", "WebErrorCode", "WebFluidError", "describeError",
      "isWebFluidError", "log", "registerConfig", "render",
    ],
  },
  "webfluid/db": {
    source: "src/db/index.ts",
    docs: ["docs/db.md"],
    names: [
      "AsyncExecutor", "BindConfig", "BindTarget", "Collection", "Columns", "ContextDatabase", "Count", "Database",
      "DatabaseInit", "DatabaseOptions", "DbError", "DbErrorCode", "DriverException", "ExecutorTarget", "FilterQuery",
      "ForeignKeyConstraintViolationException", "KyselyTables", "ModelBase", "ModelClass", "ModelInstance", "ModelOptions",
      "NotNullConstraintViolationException", "Opt", "Orm", "QueryOrderMap", "Ref", "Result", "Select",
      "UniqueConstraintViolationException", "WriteOptions", "db", "discoverModels", "p", "select", "sessionModel",
    ],
  },
  "webfluid/scheduler": {
    source: "src/scheduler/index.ts",
    docs: ["docs/scheduler.md"],
    names: [
      "AddJobOptions", "Clock", "ContextScheduler", "CronFieldValue", "CronFields", "CronTrigger", "CronTriggerOptions",
      "DateInput", "DateTrigger", "FakeClock", "IntervalTrigger", "IntervalTriggerOptions", "Job", "JobChangeEvent",
      "JobChanges", "JobErrorEvent", "JobExecutedEvent", "JobFunction", "JobInfo", "JobMaxInstancesEvent", "JobRun",
      "JobRunEvent", "MemoryJobStore", "PgBossJobStore", "PgBossJobStoreOptions", "Scheduler", "SchedulerError",
      "SchedulerErrorCode", "SchedulerErrorCodes", "SchedulerEventMap", "SchedulerEventName", "SchedulerListener",
      "SchedulerLogger", "SchedulerOptions", "ShutdownOptions", "ShutdownResult", "Trigger", "currentRun", "scheduler",
    ],
  },
  "webfluid/mail": {
    source: "src/mail/index.ts",
    docs: ["docs/mail.md"],
    names: [
      "ContextMail", "MailAttachment", "MailBackendName", "MailBody", "MailClient", "MailError", "MailErrorCode",
      "MailErrorCodes", "MailOptions", "MailSettings", "Mailer", "Recipients", "RenderedBody", "SentMail", "SmtpAnswer", "mail",
    ],
  },
  "webfluid/migrate": {
    source: "src/migrate/index.ts",
    docs: ["docs/migrate.md"],
    names: [
      "ColumnOptions", "ColumnSpec", "Dialect", "ExecuteOptions", "ForeignKeyOptions", "MIGRATE_ERROR_CODES", "MigrateEnv",
      "MigrateError", "MigrateErrorCode", "NeutralType", "Operations", "SchemaObject", "commands", "commands.BindRevision",
      "commands.CheckResult", "commands.ContextOptions", "commands.CurrentRow", "commands.HistoryOptions",
      "commands.InitOptions", "commands.InitResult", "commands.MigrateContext", "commands.MoveOptions",
      "commands.OfflineOptions", "commands.Resolution", "commands.ResolveResult", "commands.RevisionOptions",
      "commands.RevisionState", "commands.StampOptions", "commands.BindBehind",
      "commands.StatusRow", "commands.branches", "commands.check", "commands.closeContext", "commands.current",
      "commands.downgrade", "commands.downgradeSql", "commands.heads", "commands.history", "commands.init",
      "commands.loadContext", "commands.merge", "commands.resolve", "commands.revision", "commands.show", "commands.stamp",
      "commands.status", "commands.unapplied", "commands.upgrade", "commands.upgradeSql", "defineMigrateEnv",
    ],
  },
  "webfluid/testing": {
    source: "src/testing/index.ts",
    docs: ["docs/app.md", "docs/mail.md"],
    names: ["Outbox", "RecordedAttachment", "RecordedMessage", "TestAppOptions", "createTestApp", "outbox", "testConfig"],
  },
};

/** Subpaths a sample may import that export no names (`node --import webfluid/register`). */
const NAMELESS = new Set(["webfluid/register"]);

/** Every name each entry point exports: values and types, and `ns.member` for `export * as ns`. */
function exportedNames(): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  assert.ok(config, "tsconfig.json parses");
  const program = ts.createProgram(
    Object.values(SURFACE).map((entry) => join(ROOT, entry.source)),
    config.options,
  );
  const checker = program.getTypeChecker();
  const result = new Map<string, string[]>();
  for (const [entry, { source }] of Object.entries(SURFACE)) {
    const file = program.getSourceFile(join(ROOT, source))!;
    const names: string[] = [];
    for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(file)!)) {
      names.push(symbol.name);
      if (symbol.declarations?.some(ts.isNamespaceExport)) {
        for (const member of checker.getExportsOfModule(checker.getAliasedSymbol(symbol))) names.push(`${symbol.name}.${member.name}`);
      }
    }
    result.set(entry, names.sort());
  }
  return result;
}

/** The names listed in the first column of the tables under a page's "## Reference" heading. */
function referenced(page: string): Set<string> {
  const text = readFileSync(join(ROOT, page), "utf8");
  const start = text.indexOf("\n## Reference");
  assert.ok(start >= 0, `${page} has a "## Reference" section`);
  const section = text.slice(start).split(/\n## (?!Reference)/)[0]!;
  return new Set([...section.matchAll(/^\| `([\w.]+)` \|/gm)].map((match) => match[1]!));
}

interface Sample {
  readonly where: string;
  readonly path: string;
  readonly names: readonly string[];
}

/** `import ... from "webfluid..."` statements in a piece of TypeScript: the path and the names imported. */
function webfluidImports(code: string, where: string): Sample[] {
  const source = ts.createSourceFile("sample.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: Sample[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const path = statement.moduleSpecifier.text;
    if (path !== "webfluid" && !path.startsWith("webfluid/")) continue;
    const bindings = statement.importClause?.namedBindings;
    const names = bindings && ts.isNamedImports(bindings) ? bindings.elements.map((element) => (element.propertyName ?? element.name).text) : [];
    found.push({ where, path, names });
  }
  return found;
}

/** Code samples: fenced ts blocks of the docs, the starter's files, and `@example` blocks of src/. */
function samples(): Sample[] {
  const found: Sample[] = [];
  const pages = ["README.md", ...readdirSync(join(ROOT, "docs")).map((page) => `docs/${page}`)];
  for (const page of pages) {
    for (const block of readFileSync(join(ROOT, page), "utf8").matchAll(/```(?:ts|typescript)\n([\s\S]*?)```/g)) {
      found.push(...webfluidImports(block[1]!, page));
    }
  }
  for (const dir of ["src", "examples/tutorial"]) {
    for (const file of readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"))) {
      const text = readFileSync(join(ROOT, dir, file), "utf8");
      const where = `${dir}/${file}`;
      if (dir === "examples/tutorial") found.push(...webfluidImports(text, where));
      for (const block of text.matchAll(/```ts\n([\s\S]*?)```/g)) {
        found.push(...webfluidImports(block[1]!.replace(/^\s*\* ?/gm, ""), where));
      }
    }
  }
  return found;
}

describe("the public surface", () => {
  const exported = exportedNames();

  for (const [entry, { names, docs }] of Object.entries(SURFACE)) {
    test(`${entry} exports exactly its documented names`, () => {
      assert.deepEqual(exported.get(entry), [...names].sort());
    });

    test(`every name of ${entry} is in the Reference of ${docs.join(", ")}`, () => {
      const listed = new Set(docs.flatMap((page) => [...referenced(page)]));
      assert.deepEqual(names.filter((name) => !listed.has(name)), []);
    });
  }

  test("code samples import only exported paths and names", () => {
    const all = samples();
    assert.ok(all.length > 50, `found ${all.length} sample imports`);
    const wrong = all.flatMap(({ where, path, names }) => {
      if (NAMELESS.has(path)) return names.length === 0 ? [] : [`${where}: ${path} exports no names`];
      const entry = SURFACE[path];
      if (!entry) return [`${where}: imports ${path}, which is not an entry point`];
      return names.filter((name) => !entry.names.includes(name)).map((name) => `${where}: ${path} does not export ${name}`);
    });
    assert.deepEqual(wrong, []);
  });
});
