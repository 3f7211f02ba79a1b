/**
 * Every error code WebFluid raises, declared once: its area, what it means and how to fix it.
 *
 * The words are the ones docs/errors.md gives (a test keeps the two in step), so the page and
 * {@link describeError} never disagree. Each area's error class accepts only its own codes
 * (`AppError` takes `WF_ERR_APP_*`), and the short-name objects such as `AppErrorCode` are
 * derived from here by {@link codesByName}.
 */

/** What one code means and how to fix it, as docs/errors.md says. */
export interface ErrorFacts {
  /** What went wrong, in the user's terms. */
  readonly meaning: string;
  /** What to do about it. */
  readonly fix: string;
}

/** An area that raises errors; each has its own error class, and its codes start `WF_ERR_<AREA>_`. */
export type ErrorArea = "config" | "app" | "ext" | "cli" | "db" | "scheduler" | "migrate" | "web" | "mail";

/** Every area, each with the codes of its prefix only: `app` holds `WF_ERR_APP_*`. */
type Registry = { readonly [Area in ErrorArea]: Readonly<Record<`WF_ERR_${Uppercase<Area>}_${string}`, ErrorFacts>> };

/**
 * The registry: area -> code -> facts. A code's prefix names its area, and the `satisfies`
 * check rejects a code filed under another area's prefix.
 */
export const ERROR_CODES = {
  config: {
    WF_ERR_CONFIG_NO_ROOT: {
      meaning: "no folder holding `app_configs/` in the current folder or any parent: `wf` was run outside a project; or `WF_ROOT` names a folder without `app_configs/`",
      fix: "`cd` into the project (any subfolder works), or create one with `wf new <dir>`; point `WF_ROOT` at the project root, or unset it",
    },
    WF_ERR_CONFIG_UNKNOWN_APP: {
      meaning: "`app_configs/<name>.ini` does not exist; the message lists the app configs that do",
      fix: "use one of the listed names, or create the ini file",
    },
    WF_ERR_CONFIG_INI_SYNTAX: {
      meaning: "a line of the ini file is not `KEY = value`, a comment or `[binds]`; or a section other than `[binds]`; or a key that is not a valid name; or a key set twice. The message gives `file:line`",
      fix: "fix that line; keep one line per key",
    },
    WF_ERR_CONFIG_UNSET_VARIABLE: {
      meaning: "an ini value uses `${VAR}` and the environment variable is unset or empty",
      fix: "set the variable, or give a default: `${VAR:-default}`",
    },
    WF_ERR_CONFIG_BAD_VALUE: {
      meaning: "a value cannot be read as the kind its key expects (`PORT = eighty`, `DEBUG = maybe`) or is out of its key's range (`PORT = 99999`, `MAX_CONTENT_LENGTH = -5`), a value starting with `{` or `[` is not valid JSON, or `SQLALCHEMY_BINDS` does not map bind names to URI strings, or a security-header, CORS or rate-limit key has a value its feature refuses (`X_FRAME_OPTIONS = ALLOW`, `CORS_ORIGINS = *` with `CORS_SUPPORTS_CREDENTIALS`, `RATELIMIT_DEFAULT = 100/minit`; see security.md). The message names the file and line, the `WF_` variable, or the config class",
      fix: "write a value of the right kind; quote a text value that merely starts with `{` or `[`",
    },
    WF_ERR_CONFIG_LOAD_FAILED: {
      meaning: "`<PACKAGE>/config.ts` failed to compile or threw while being imported; the message names the file and quotes the TypeScript or runtime error",
      fix: "fix `config.ts`",
    },
    WF_ERR_CONFIG_BAD_PRIORITY: {
      meaning: "`registerConfig()` got a priority that is not a finite number. Raised while `config.ts` is imported, it reaches you wrapped in `WF_ERR_CONFIG_LOAD_FAILED`",
      fix: "pass a number: `@registerConfig(10)`",
    },
    WF_ERR_CONFIG_NOT_ESM: {
      meaning: "the project's `package.json` (the nearest one above the app package) does not declare `\"type\": \"module\"`, or there is none, so `config.ts` and `main.ts` would load as CommonJS",
      fix: "add `\"type\": \"module\"` to `package.json`",
    },
    WF_ERR_CONFIG_MISSING_KEY: {
      meaning: "an enabled extension needs a key that has no value, e.g. `EXT_SQLALCHEMY = 1` without `DATABASE_URI`",
      fix: "set the key in the ini file, a config class, or a `WF_<KEY>` environment variable",
    },
  },
  app: {
    WF_ERR_APP_MAIN_MISSING: {
      meaning: "`<PACKAGE>/main.ts` (or `main.mts`, `main.js`, `main.mjs`) does not exist",
      fix: "create it with `export function createApp(): Fluid`, or set `PACKAGE` to the app package folder",
    },
    WF_ERR_APP_MAIN_LOAD_FAILED: {
      meaning: "`main.ts` failed to compile or threw while being imported (a module it imports included); the message names the file and quotes the error",
      fix: "fix that file. Keep top-level code in `main.ts` free of work that can fail: do it in the factory or a startup hook",
    },
    WF_ERR_APP_FACTORY_MISSING: {
      meaning: "`main.ts` exports no function named `FACTORY` (default `createApp`); the message lists the functions it does export",
      fix: "export the factory, or set `FACTORY` to its name",
    },
    WF_ERR_APP_FACTORY_FAILED: {
      meaning: "the factory threw while building the app; the message names `main.ts` and the error",
      fix: "fix the factory (run with `--debug` for the stack trace)",
    },
    WF_ERR_APP_FACTORY_RESULT: {
      meaning: "the factory returned something other than a `Fluid` (often `undefined`: a missing `return app`)",
      fix: "end the factory with `return app`",
    },
    WF_ERR_APP_BAD_ROUTE: {
      meaning: "a route path does not start with `/` (`app.get(\"health\")`), or a route option has a bad value: a `rateLimit` that is not a limit (`\"5 a minute\"`), a `securityHeaders` policy that helmet refuses, an `operationId` two routes share; the message names the route and the option",
      fix: "write `app.get(\"/health\")`; write limits as `\"5/minute\"` and policies as in `CONTENT_SECURITY_POLICY` (security.md)",
    },
    WF_ERR_APP_BAD_ROUTE_SCHEMA: {
      meaning: "a route's schema option is not a schema that compiles (`body: { type: \"strng\" }`, a Zod schema, a value that is not an object), or its `params` schema declares a parameter its path does not have; the message names the route and the schema",
      fix: "write schemas with TypeBox: `import Type from \"typebox\"`, `body: Type.Object({ name: Type.String() })`; put each `params` key in the path as `{name}`",
    },
    WF_ERR_APP_DUPLICATE_ROUTE: {
      meaning: "two routes have the same method and path (`/items/{id}` and `/items/{key}` count as the same path; a `GET` route also answers `HEAD`, so a `HEAD` route declared after it is a duplicate); or a `GET` route on the URL of `OPENAPI_URL`, `DOCS_URL` or `REDOC_URL`; the message names both, or the key",
      fix: "remove one, or give it another method or path (declare a `HEAD` route before the `GET` route of its path); move or turn off the docs route with its key (`DOCS_URL =`)",
    },
    WF_ERR_APP_BAD_RESPONSE: {
      meaning: "an `HTMLResponse` or `PlainTextResponse` (or a route whose `responseClass` is one) got an object or array instead of text; the client gets a 500 and the log names the route",
      fix: "return a string (`render(...)` for a template), or drop `responseClass` to answer JSON",
    },
    WF_ERR_APP_BAD_TEMPLATE_HELPER: {
      meaning: "`app.templateGlobal`, `templateFilter` or `templateTest` got a name that is not an identifier, a name templates already have (`range`, `csrf_token`, a Nunjucks filter or test such as `upper`, a word of the template language), or one the app or an extension added before; or a filter or test that is not a function, or is async; the message names the call and the name",
      fix: "choose another name (an extension can prefix its own: `myext_`); pass a plain function, and compute async values in the handler and pass them to `render()` (app.md)",
    },
    WF_ERR_APP_NO_REQUEST: {
      meaning: "a template rendered outside a request (`app.render` without one, a mail template) called `csrf_token()`, which makes a token for the request's session",
      fix: "return `render(...)` from the route handler, pass the request (`app.render(name, context, request.raw)`), or pass the token in the context (app.md)",
    },
    WF_ERR_APP_PORT_IN_USE: {
      meaning: "another process listens on `HOST:PORT`",
      fix: "stop it, or choose another port: `wf run app --port 8080` or `PORT` in the ini file",
    },
    WF_ERR_APP_LISTEN_FAILED: {
      meaning: "the server could not listen for another reason (an address that is not on this machine, a port below 1024 without the right, ...); the message quotes the system error",
      fix: "check `HOST` and `PORT`",
    },
    WF_ERR_APP_NO_CONTEXT: {
      meaning: "`db` or `scheduler` was used outside any app (a test body, a script) while several apps of the process have a database (or scheduler), so it cannot tell which app's to use; the message names the apps",
      fix: "run the code as one app's: inside a request handler, a hook or a job, or `app.run(fn)`; or name the app: `db.of(app)`, `scheduler.of(app)` (db.md)",
    },
  },
  ext: {
    WF_ERR_EXT_UNKNOWN_BUILTIN: {
      meaning: "an `EXT_<NAME>` switch is on but there is no built-in extension of that name; the message lists the built-in switches (`EXT_MAIL`, `EXT_SCHEDULER`, `EXT_SQLALCHEMY`)",
      fix: "fix the name, or load a third-party extension through `EXTENSIONS`",
    },
    WF_ERR_EXT_LOAD_FAILED: {
      meaning: "an entry of `EXTENSIONS` could not be imported: the package is not installed, the path is wrong, or the module fails to compile or throws",
      fix: "install the package, fix the path (relative paths start with `./` and are resolved against the project root), or fix the module",
    },
    WF_ERR_EXT_NO_EXTENSION: {
      meaning: "a module listed in `EXTENSIONS` exports no `Extension` subclass or instance, or exports several and no default",
      fix: "export the extension class (or an instance) as the module's default export",
    },
    WF_ERR_EXT_UNKNOWN_COMMAND: {
      meaning: "`wf ext <app> <command>` names a command no extension of the app adds",
      fix: "`wf ext <app>` lists the commands there are",
    },
  },
  cli: {
    WF_ERR_CLI_TARGET_NOT_EMPTY: {
      meaning: "`wf new <dir>` was given a folder that exists and is not empty",
      fix: "choose a new folder name, or empty the folder",
    },
    WF_ERR_CLI_WORKERS_FAILED: {
      meaning: "with `wf run --workers N`, a worker exited before any worker was listening (its own error is printed just above)",
      fix: "fix the error the worker printed (often a bad config, a broken `main.ts` or a port in use)",
    },
    WF_ERR_CLI_PACK_FAILED: {
      meaning: "`wf new` could not pack the running WebFluid into a tarball for the new project to depend on (npm is missing, or the build failed)",
      fix: "pass the dependency yourself with `wf new <dir> --webfluid <npm spec>` (a version, a tarball, a git URL)",
    },
  },
  db: {
    WF_ERR_DB_BAD_URI: {
      meaning: "a database URI cannot be parsed: no `scheme://`, two slashes for SQLite, no database name, a bad port",
      fix: "write it in one of the accepted forms (the message lists them)",
    },
    WF_ERR_DB_UNSUPPORTED_URI: {
      meaning: "a scheme other than `sqlite`, `postgresql`/`postgres`, `mysql`, `mariadb`",
      fix: "use a supported database",
    },
    WF_ERR_DB_BAD_URI_PARAM: {
      meaning: "an unknown query parameter in a URI, or a bad value for a known one",
      fix: "use the parameters db.md lists for the dialect",
    },
    WF_ERR_DB_UNREACHABLE: {
      meaning: "the server refused or timed out, the database does not exist, the login failed, or the SQLite folder is missing",
      fix: "start the server, create the database, fix the URI; the message names the bind, driver, host and port",
    },
    WF_ERR_DB_NOT_CONFIGURED: {
      meaning: "the database was used before it was configured",
      fix: "set `EXT_SQLALCHEMY = 1` and `DATABASE_URI`",
    },
    WF_ERR_DB_ALREADY_OPEN: {
      meaning: "`db.configure()` was called while binds are open",
      fix: "`await db.close()` first",
    },
    WF_ERR_DB_UNKNOWN_BIND: {
      meaning: "a model or executor uses a bind that no configuration provides",
      fix: "set `DATABASE_URI`, or add the bind to `SQLALCHEMY_BINDS` / `[binds]`",
    },
    WF_ERR_DB_WRONG_BIND: {
      meaning: "a model was used through an executor opened on another bind",
      fix: "open the executor for that model: `db.asyncExecutor({ model })`",
    },
    WF_ERR_DB_CROSS_BIND_RELATION: {
      meaning: "a relation joins models that live on different binds",
      fix: "keep related models on one bind",
    },
    WF_ERR_DB_NOT_A_MODEL: {
      meaning: "a class that is not a `db.Model` class (or belongs to another `Database`) was given as a model",
      fix: "declare it with `db.Model(...)` of the same `Database`",
    },
    WF_ERR_DB_UNREGISTERED_MODEL: {
      meaning: "a bind opens while one of its models was declared but never registered",
      fix: "export it from `<package>/models.ts`, or call `db.register(Model)`",
    },
    WF_ERR_DB_MODEL_CONFLICT: {
      meaning: "two unrelated classes extend one `db.Model(...)` base, or a class is registered after its bind opened",
      fix: "one base per table; register before `db.connect()`",
    },
    WF_ERR_DB_BAD_MODEL: {
      meaning: "MikroORM refuses a model when its bind opens (no primary key, a `mappedBy` naming no property, ...); the message quotes MikroORM",
      fix: "fix that model's columns",
    },
    WF_ERR_DB_MODELS_IMPORT: {
      meaning: "`<package>/models.ts` (or a file in `models/`) throws while being imported",
      fix: "fix that file; the message names it and quotes the error",
    },
    WF_ERR_DB_BAD_VALUE: {
      meaning: "`NaN`, `Infinity`, an invalid date, a function or a non-model object in `where()` / `get()`. In a handler it answers the client with a 400",
      fix: "validate input before querying, e.g. `Number.isInteger(id)`",
    },
    WF_ERR_DB_NO_RESULT: {
      meaning: "`result.one()` found no row",
      fix: "use `first()` when no row is fine",
    },
    WF_ERR_DB_MULTIPLE_RESULTS: {
      meaning: "`result.one()` found several rows",
      fix: "narrow the query, or use `first()`",
    },
    WF_ERR_DB_NOT_OPEN: {
      meaning: "`e.em` / `e.kysely` was read before the bind was opened",
      fix: "`await db.connect()` at start, or await an executor call first",
    },
    WF_ERR_DB_EXECUTOR_CLOSED: {
      meaning: "an executor was used after its `await using` scope ended",
      fix: "keep the calls inside the scope",
    },
  },
  scheduler: {
    WF_ERR_SCHEDULER_DUPLICATE_JOB: {
      meaning: "a job id was added twice",
      fix: "give the second job another `id`, or pass `replaceExisting: true`",
    },
    WF_ERR_SCHEDULER_JOB_ID_REQUIRED: {
      meaning: "`addJob()` got an anonymous function and no `id`",
      fix: "pass `{ id: \"my-job\" }`, or use a named function",
    },
    WF_ERR_SCHEDULER_JOB_NOT_FOUND: {
      meaning: "`pauseJob`, `modifyJob`, ... named an id the scheduler does not have; the message lists the known ids",
      fix: "check the id, or add the job first",
    },
    WF_ERR_SCHEDULER_JOB_NOT_DEFINED: {
      meaning: "a shared job store delivered an occurrence of a job this process never added (reported through the `error` event)",
      fix: "add the same jobs, with the same ids, in every process that shares `SCHEDULER_JOBSTORE`",
    },
    WF_ERR_SCHEDULER_BAD_TRIGGER: {
      meaning: "a trigger got invalid arguments: interval, cron field, date or timezone",
      fix: "fix the trigger's arguments (the message names the one at fault)",
    },
    WF_ERR_SCHEDULER_BAD_OPTION: {
      meaning: "a job option is out of range (`maxInstances`, `misfireGraceTime`, `jitter`, `args`)",
      fix: "give a value in range",
    },
    WF_ERR_SCHEDULER_BAD_JOBSTORE: {
      meaning: "`SCHEDULER_JOBSTORE` is neither `memory` nor a `postgresql://` URI",
      fix: "set it to `memory` or a PostgreSQL URI",
    },
    WF_ERR_SCHEDULER_STORE_UNAVAILABLE: {
      meaning: "the PostgreSQL job store cannot be opened or used (unreachable server, permissions)",
      fix: "check `SCHEDULER_JOBSTORE` and that the server is reachable",
    },
    WF_ERR_SCHEDULER_RUNNING: {
      meaning: "`scheduler.configure()` was called while the scheduler runs",
      fix: "configure before `start()`, or after `shutdown()`",
    },
  },
  migrate: {
    // Setting up and loading.
    WF_ERR_MIGRATE_NOT_INITIALIZED: {
      meaning: "a command ran before the app config's migrations folder exists (its `env.ts` is missing)",
      fix: "run `wf migrate init <app>` first",
    },
    WF_ERR_MIGRATE_ALREADY_INITIALIZED: {
      meaning: "`wf migrate init` on an app config whose migrations folder already exists",
      fix: "nothing to do: create revisions with `wf migrate revision <app> -a`",
    },
    WF_ERR_MIGRATE_NO_DATABASE: {
      meaning: "the app config names no database to migrate (no `DATABASE_URI`)",
      fix: "set `DATABASE_URI` (and `SQLALCHEMY_BINDS` for more databases)",
    },
    WF_ERR_MIGRATE_ENV_LOAD_FAILED: {
      meaning: "the migrations folder's `env.ts` failed to compile or threw while being imported",
      fix: "fix `env.ts`; the message names it and quotes the error",
    },
    WF_ERR_MIGRATE_BAD_ENV: {
      meaning: "a setting in `env.ts` cannot be used, e.g. a `versionTable` that is not a plain table name",
      fix: "use letters, digits and `_` for the version table name; fix the named setting",
    },
    WF_ERR_MIGRATE_MODELS_LOAD_FAILED: {
      meaning: "the app's `main.ts`, imported to collect the models, failed to import",
      fix: "fix `main.ts` (the message quotes the error); `wf routes <app>` shows the same problem",
    },
    WF_ERR_MIGRATE_BAD_OPTION: {
      meaning: "options that cannot be used together, or a missing argument",
      fix: "check the command's options: `wf migrate <command> --help`",
    },
    // Revisions and targets.
    WF_ERR_MIGRATE_REVISION_LOAD_FAILED: {
      meaning: "a revision file failed to compile or import, or lacks its `revision` id, `upgrade(op)` or `downgrade(op)`",
      fix: "fix the file the message names",
    },
    WF_ERR_MIGRATE_BAD_REVISION: {
      meaning: "a revision file's `revision`, `downRevision` or `dependsOn` is malformed or names nothing that exists",
      fix: "use ids of letters, digits, `_` or `-`; point `downRevision` / `dependsOn` at existing revisions (or `null`)",
    },
    WF_ERR_MIGRATE_DUPLICATE_REVISION: {
      meaning: "two revision files carry the same id",
      fix: "give one of them a new id",
    },
    WF_ERR_MIGRATE_UNKNOWN_REVISION: {
      meaning: "a revision id or prefix matches no revision",
      fix: "`wf migrate history <app>` lists the revisions",
    },
    WF_ERR_MIGRATE_AMBIGUOUS_REVISION: {
      meaning: "a revision prefix matches several revisions (the message lists them)",
      fix: "give more characters of the id",
    },
    WF_ERR_MIGRATE_MULTIPLE_HEADS: {
      meaning: "a bind has several heads where one is needed",
      fix: "join them with `wf migrate merge <app> <rev> <rev>` (the message gives the ids), or upgrade to `heads`",
    },
    WF_ERR_MIGRATE_BAD_TARGET: {
      meaning: "an upgrade or downgrade target that does not apply: `+N` past the head, a relative step where several binds or branches make it ambiguous, a downgrade to a revision that is not applied",
      fix: "give a revision id, a `<bind>@` prefix or `--bind`; `wf migrate current <app>` shows where each bind is",
    },
    WF_ERR_MIGRATE_BELOW_BASE: {
      meaning: "a downgrade of more revisions than are applied",
      fix: "use a smaller `-N`, or `base` to unapply them all",
    },
    WF_ERR_MIGRATE_UNKNOWN_BIND: {
      meaning: "a bind (`--bind`, or the `<bind>@` part of a target) that is not configured for the app config; the message lists the configured ones",
      fix: "use one of them, or configure the bind",
    },
    WF_ERR_MIGRATE_NOT_UP_TO_DATE: {
      meaning: "autogenerate was asked against a database that is not at head",
      fix: "`wf migrate upgrade <app>` first",
    },
    // Running.
    WF_ERR_MIGRATE_REVISION_FAILED: {
      meaning: "a revision failed while running; the message names the revision, the bind, the error and the state the database was left in",
      fix: "fix the revision (or the data it trips on) and run the command again",
    },
    WF_ERR_MIGRATE_LOCKED: {
      meaning: "another process held the migration lock (or SQLite's write lock) for longer than `lockTimeout` in the migrations folder's env.ts",
      fix: "check for a stuck `wf migrate` (or a deploy migrating at the same time) and run again",
    },
    WF_ERR_MIGRATE_REVISION_EDITED: {
      meaning: "`upgrade` found an applied revision whose file was edited after it was applied (its checksum differs): the database holds what the file said before",
      fix: "restore the file from version control and write the change as a new revision; or accept the edit with `wf migrate stamp <app> <current revision> --purge`; or pass `--allow-edited` to go ahead this once",
    },
    WF_ERR_MIGRATE_INTERRUPTED: {
      meaning: "a revision that ran without a transaction (MySQL/MariaDB DDL, or `transactionMode: \"none\"`) was interrupted (the process was killed, the connection lost) or failed and could not be undone; the message names it and the operations of it known to have run. Commands that change the database refuse until it is resolved",
      fix: "check the database; undo what ran and run `wf migrate resolve <app> <rev> --rolled-back`, or finish it by hand and run `wf migrate resolve <app> <rev> --applied`",
    },
    WF_ERR_MIGRATE_NOTHING_TO_RESOLVE: {
      meaning: "`wf migrate resolve` named a revision that is not interrupted on any bind (or nothing is interrupted)",
      fix: "nothing to do; `wf migrate status <app>` shows each revision's state",
    },
    // Operations inside revisions.
    WF_ERR_MIGRATE_INVALID_OPERATION: {
      meaning: "an operation in a revision has malformed arguments (an empty name, an unknown column type, ...); the message names the operation",
      fix: "fix the operation's arguments in the revision",
    },
    WF_ERR_MIGRATE_UNKNOWN_OBJECT: {
      meaning: "an operation names a table, column, index or constraint the schema does not have",
      fix: "check the name, or the order of the revisions",
    },
    WF_ERR_MIGRATE_DUPLICATE_OBJECT: {
      meaning: "an operation would create a table, column, index or constraint that already exists",
      fix: "drop it first, or pick another name",
    },
    WF_ERR_MIGRATE_UNSUPPORTED_OPERATION: {
      meaning: "no compiler exists for an operation kind on this database",
      fix: "use another operation, or `op.execute(sql)` for this database",
    },
    WF_ERR_MIGRATE_UNSUPPORTED_DIALECT: {
      meaning: "the database driver behind a bind is not one Migrate supports",
      fix: "use SQLite, PostgreSQL, MySQL or MariaDB",
    },
    WF_ERR_MIGRATE_OFFLINE_QUERY: {
      meaning: "a revision reads data while its SQL is printed offline (`--sql`), where nothing can be read",
      fix: "run that revision against the database, without `--sql`",
    },
    WF_ERR_MIGRATE_OPERATION_FAILED: {
      meaning: "an operation failed while running against the database; the message names the operation and the SQL statement",
      fix: "fix the cause the database reports (data that breaks a new constraint, a lock, ...), then run the command again",
    },
  },
  web: {
    WF_ERR_WEB_NO_SECRET_KEY: {
      meaning: "a session, a CSRF token or a signed cookie was used (or `SESSION_STORE` is set) while the app config has no `SECRET_KEY` to sign them with",
      fix: "set `SECRET_KEY` to a long random string (`node -e \"console.log(crypto.randomBytes(32).toString('hex'))\"`) in the ini file or `WF_SECRET_KEY`; keep it secret and the same on every process of the app",
    },
    WF_ERR_WEB_BAD_COOKIE: {
      meaning: "a cookie cannot be set as asked: its name is not a valid cookie name, an attribute has a wrong value, or `sameSite: \"none\"` comes without `secure: true` (browsers drop such cookies)",
      fix: "use a name of letters, digits, `-` and `_`; give `sameSite` as `\"lax\"`, `\"strict\"` or `\"none\"` (with `secure: true`), `maxAge` in whole seconds, `path` and `domain` without `;` or control characters",
    },
    WF_ERR_WEB_BAD_SESSION_STORE: {
      meaning: "`SESSION_STORE` names no store WebFluid knows, or the database store is asked for without what it needs (`EXT_SQLALCHEMY`, the bind, the session model)",
      fix: "set `SESSION_STORE` to `cookie`, a `redis://` URI, `db` or `db:<bind>`; for the database store turn on `EXT_SQLALCHEMY` and export `sessionModel()` from the models file (see the Sessions section of the security page)",
    },
  },
  mail: {
    WF_ERR_MAIL_BAD_CONFIG: {
      meaning: "the `MAIL_*` settings contradict each other or hold a value mail cannot use: `MAIL_USERNAME` without `MAIL_PASSWORD` (or the reverse), `MAIL_USE_TLS` and `MAIL_USE_STARTTLS` both on, a `MAIL_BACKEND` other than `smtp`, `console` or `memory`, a `MAIL_QUEUE` that is neither `memory` nor a `postgresql://` URI, or a `MAIL_TLS_CA` file that cannot be read. The message names the key",
      fix: "fix the key the message names in the ini file, a config class or its `WF_` variable",
    },
    WF_ERR_MAIL_NOT_ENABLED: {
      meaning: "`mail` was used by an app whose config does not set `EXT_MAIL = 1`, or outside any app while no app has mail",
      fix: "set `EXT_MAIL = 1` in the app config; outside a request, run the code with `app.run(fn)` or use `mail.of(app)`",
    },
    WF_ERR_MAIL_BAD_ADDRESS: {
      meaning: "a recipient (`to`, `cc`, `bcc`), `replyTo` or sender is not an e-mail address; the message quotes it",
      fix: "pass `name@domain` or `Name <name@domain>`, one string per address",
    },
    WF_ERR_MAIL_NO_SENDER: {
      meaning: "a message has no sender: an empty `from` option, or no `from` option while `MAIL_DEFAULT_SENDER` is set empty",
      fix: "set `MAIL_DEFAULT_SENDER`, or pass `{ from: \"...\" }`",
    },
    WF_ERR_MAIL_BAD_MESSAGE: {
      meaning: "a message is malformed: no recipient, a subject that is not a string, a body that is neither a string nor `{ plain?, html? }` with at least one of them, or an attachment without content or filename",
      fix: "fix the call the message names; see mail.md for the shapes",
    },
    WF_ERR_MAIL_TEMPLATE: {
      meaning: "`mail.template()` found neither `templates/mail/<name>.html` nor `templates/mail/<name>.txt`, or a template failed to render; the message quotes the template error",
      fix: "create the template, or fix the one the message names",
    },
    WF_ERR_MAIL_CONNECTION: {
      meaning: "the SMTP server could not be reached or dropped the connection: refused, timed out, name not found, TLS handshake failed. The message names host, port and the cause",
      fix: "check `MAIL_SERVER`, `MAIL_PORT`, `MAIL_USE_TLS` / `MAIL_USE_STARTTLS` and that the server runs; a durable queue retries these on its own",
    },
    WF_ERR_MAIL_AUTH: {
      meaning: "the SMTP server refused `MAIL_USERNAME` / `MAIL_PASSWORD`, or asked for a login and none is configured",
      fix: "check the credentials; many providers need an app password or STARTTLS before they accept a login",
    },
    WF_ERR_MAIL_REJECTED: {
      meaning: "the SMTP server refused the message for good (a 5xx answer): every recipient rejected, sender refused, message too large. The message quotes the server's answer",
      fix: "fix what the answer names (the address, the sender, the size); sending the same message again gets the same answer",
    },
    WF_ERR_MAIL_TEMPORARY: {
      meaning: "the SMTP server refused the message for now (a 4xx answer: greylisting, a full mailbox, rate limits). The message quotes the answer",
      fix: "send again later; with a durable queue (`MAIL_QUEUE`) the retries happen on their own",
    },
    WF_ERR_MAIL_QUEUE_UNAVAILABLE: {
      meaning: "the durable mail queue (`MAIL_QUEUE`) cannot be opened or written: PostgreSQL unreachable, permissions",
      fix: "check `MAIL_QUEUE` and that the server is reachable",
    },
  },
} as const satisfies Registry;

/** The codes of one area: `ErrorCodeOf<"app">` is `"WF_ERR_APP_MAIN_MISSING" | ...`. */
export type ErrorCodeOf<Area extends ErrorArea> = keyof (typeof ERROR_CODES)[Area] & string;

/** Any code WebFluid raises. */
export type ErrorCode = { [Area in ErrorArea]: ErrorCodeOf<Area> }[ErrorArea];

/** One area's codes by short name: `{ MAIN_MISSING: "WF_ERR_APP_MAIN_MISSING", ... }` for `app`. */
export type CodesByName<Area extends ErrorArea> = {
  readonly [Code in ErrorCodeOf<Area> as Code extends `WF_ERR_${Uppercase<Area>}_${infer Name}` ? Name : never]: Code;
};

/**
 * The codes of one area keyed by their short name, for the `*ErrorCode` objects.
 *
 * @example
 * ```ts
 * const AppErrorCode = codesByName("app");
 * AppErrorCode.MAIN_MISSING; // "WF_ERR_APP_MAIN_MISSING"
 * ```
 */
export function codesByName<Area extends ErrorArea>(area: Area): CodesByName<Area> {
  const prefix = `WF_ERR_${area.toUpperCase()}_`;
  const byName = Object.keys(ERROR_CODES[area]).map((code) => [code.slice(prefix.length), code]);
  return Object.freeze(Object.fromEntries(byName)) as CodesByName<Area>;
}

/** What {@link describeError} tells about a code. */
export interface ErrorDescription extends ErrorFacts {
  readonly code: ErrorCode;
  readonly area: ErrorArea;
}

/** Every code with its area, meaning and fix, in the registry's order. */
export const ERROR_DESCRIPTIONS: readonly ErrorDescription[] = (Object.keys(ERROR_CODES) as ErrorArea[]).flatMap((area) =>
  Object.entries<ErrorFacts>(ERROR_CODES[area]).map(([code, facts]) => ({ code: code as ErrorCode, area, ...facts })),
);

const BY_CODE: ReadonlyMap<string, ErrorDescription> = new Map(ERROR_DESCRIPTIONS.map((description) => [description.code, description]));

/**
 * What an error code means and how to fix it: the words docs/errors.md gives.
 *
 * @param code - a `WF_ERR_*` code, e.g. the `code` of a caught `WebFluidError`
 * @returns the code's area, meaning and fix; `undefined` for a string that is no WebFluid code
 * @example
 * ```ts
 * import { describeError, isWebFluidError } from "webfluid";
 *
 * if (isWebFluidError(error)) console.error(describeError(error.code).fix);
 * ```
 */
export function describeError(code: ErrorCode): ErrorDescription;
export function describeError(code: string): ErrorDescription | undefined;
export function describeError(code: string): ErrorDescription | undefined {
  return BY_CODE.get(code);
}
