/**
 * Rebuilding built-in triggers from their stored data (shared job stores keep the trigger of
 * each job, so a reschedule in one process holds in all of them).
 */
import { CronTrigger } from "./cron-trigger.ts";
import { DateTrigger } from "./date-trigger.ts";
import { IntervalTrigger } from "./interval-trigger.ts";
import type { Trigger, TriggerSpec } from "./trigger.ts";

/** The trigger a {@link TriggerSpec} describes. */
export function triggerFromSpec(spec: TriggerSpec): Trigger {
  switch (spec.type) {
    case "interval":
      return IntervalTrigger.fromSpec(spec);
    case "cron":
      return CronTrigger.fromSpec(spec);
    case "date":
      return DateTrigger.fromSpec(spec);
  }
}
