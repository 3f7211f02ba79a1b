/**
 * The built-in extensions (`EXT_SQLALCHEMY`, `EXT_SCHEDULER`, `EXT_MAIL`): importing this module fills
 * the table that ext/loader.ts reads. Each registers itself with a loader, so that importing
 * this stays cheap; the entry points (`webfluid`, `wf config`) import it.
 */
import "./db/builtin.ts";
import "./scheduler/builtin.ts";
import "./mail/builtin.ts";
