/**
 * Which extensions each app has, kept here rather than on the app: an extension is added
 * once per class, hooks added while its setup runs belong to it, and the keys it requires
 * are checked once the app's config is complete.
 */
import type { Extension, ExtensionApp } from "./extension.ts";

interface AppRecord {
  readonly added: Extension[];
  /** The extension whose setup is running, if any. */
  expanding: Extension | undefined;
  /** Required keys waiting for the config to be complete; null once it is (later ones are checked at once). */
  pending: Array<{ readonly keys: readonly string[]; readonly who: string }> | null;
}

const records = new WeakMap<ExtensionApp, AppRecord>();

function recordOf(app: ExtensionApp): AppRecord {
  let record = records.get(app);
  if (!record) records.set(app, (record = { added: [], expanding: undefined, pending: [] }));
  return record;
}

/** Runs `setup` unless an extension of the same class was added to `app` already. */
export function expandOnce(app: ExtensionApp, extension: Extension, setup: () => void): void {
  const record = recordOf(app);
  // An extension listed in EXTENSIONS and also expanded by hand expands once.
  if (record.added.some((known) => known === extension || known.constructor === extension.constructor)) return;
  record.added.push(extension);
  const outer = record.expanding;
  record.expanding = extension;
  try {
    setup();
  } finally {
    record.expanding = outer;
  }
}

/** True while an extension's setup runs on `app`: what it adds is the extension's. */
export function isExpanding(app: ExtensionApp): boolean {
  return records.get(app)?.expanding !== undefined;
}

/** The extensions added to `app`, in order. */
export function extensionsOf(app: ExtensionApp): readonly Extension[] {
  return [...(records.get(app)?.added ?? [])];
}

/**
 * Fails when one of `keys` has no value: at once if the app's config is complete, else
 * when it is (outside `wf`, config.ts is imported after the factory built the app).
 */
export function requireKeys(app: ExtensionApp, keys: readonly string[], who: string): void {
  const record = recordOf(app);
  if (record.pending) record.pending.push({ keys, who });
  else app.config.require(keys, who);
}

/** Marks `app`'s config complete and checks the keys its extensions required so far. */
export function checkRequiredKeys(app: ExtensionApp): void {
  const record = recordOf(app);
  const pending = record.pending ?? [];
  record.pending = null;
  for (const { keys, who } of pending) app.config.require(keys, who);
}
