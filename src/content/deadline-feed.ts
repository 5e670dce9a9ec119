/**
 * What a deadline means in a calendar, and what a calendar cannot express. Used by the web guide's
 * iCalendar feed (src/render/web/ics.ts) and by `npm run content:check`, which fails on a deadline the feed
 * could not carry as written.
 *
 * Alarms follow the bot's reminders (src/scheduler/timing.ts): 10:00 on the day N days before the
 * deadline's day, in the deadline's time zone for a deadline with a time, in the reader's own for a day; an
 * alarm at or after the deadline itself is left out, as the bot leaves out that reminder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import { parse as parseYaml } from 'yaml';
import type { ContentIssue } from './errors.js';
import type { Deadline } from './types.js';

const REMINDER_HOUR = 10;
const DAY_SECONDS = 86_400;

export interface DeadlineAlarm {
  readonly daysBefore: number;
  /** Seconds from the alarm to the start of the event (always more than 0). */
  readonly secondsBefore: number;
}

export function deadlineAlarms(d: Deadline): DeadlineAlarm[] {
  const out: DeadlineAlarm[] = [];
  for (const daysBefore of d.remindDaysBefore) {
    let secondsBefore: number;
    if (d.day) {
      // An all-day event starts at the reader's local midnight; the alarm is 10:00 local N days earlier.
      secondsBefore = daysBefore * DAY_SECONDS - REMINDER_HOUR * 3600;
    } else {
      const local = new TZDate(d.at.getTime(), d.timezone);
      const due = new TZDate(
        local.getFullYear(),
        local.getMonth(),
        local.getDate() - daysBefore,
        REMINDER_HOUR,
        0,
        d.timezone,
      );
      secondsBefore = Math.round((d.at.getTime() - due.getTime()) / 1000);
    }
    if (secondsBefore > 0) out.push({ daysBefore, secondsBefore });
  }
  return out;
}

/** The local wall time of an instant in a zone, "YYYY-MM-DDTHH:MM". */
function wallTime(instant: number, zone: string): string {
  const t = new TZDate(instant, zone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}T${p(t.getHours())}:${p(t.getMinutes())}`;
}

/**
 * Deadlines the calendar feed cannot express as written: a local time that does not exist in its time zone
 * (the clocks jump over it) or exists twice (the clocks go back), and a deadline whose every reminder would
 * come at or after it. `written` maps a deadline id to its `at` as written in deadlines.yaml.
 */
export function deadlineFeedIssues(
  deadlines: readonly Deadline[],
  written: ReadonlyMap<string, string>,
): ContentIssue[] {
  const file = 'deadlines.yaml';
  const issues: ContentIssue[] = [];
  for (const d of deadlines) {
    const field = `${d.id}.at`;
    const at = written.get(d.id);
    if (!d.day && at) {
      const hour = 3600_000;
      if (wallTime(d.at.getTime(), d.timezone) !== at)
        issues.push({
          file,
          field,
          message: `"${at}" does not exist in ${d.timezone} (the clocks skip it): a calendar cannot show it; pick another time`,
        });
      else if (
        wallTime(d.at.getTime() - hour, d.timezone) === at ||
        wallTime(d.at.getTime() + hour, d.timezone) === at
      )
        issues.push({
          file,
          field,
          message: `"${at}" happens twice in ${d.timezone} (the clocks go back): a calendar cannot tell which; pick another time`,
        });
    }
    if (d.remindDaysBefore.length && deadlineAlarms(d).length === 0)
      issues.push({
        file,
        field: `${d.id}.remind_days_before`,
        message: `every reminder (${d.remindDaysBefore.join(', ')} days before, at 10:00) would come at or after the deadline: the calendar and the bot would never remind; add a day before it`,
      });
  }
  return issues;
}

/** Each deadline's `at` as written in <dir>/deadlines.yaml (the loader keeps only the resolved instant). */
export function writtenDeadlineTimes(dir: string): Map<string, string> {
  const file: unknown = parseYaml(readFileSync(join(dir, 'deadlines.yaml'), 'utf8'));
  // The file is "checked: …" and "deadlines: [ … ]" (the loader checks its shape).
  const raw = (file as { deadlines?: unknown } | null)?.deadlines;
  const out = new Map<string, string>();
  if (Array.isArray(raw))
    for (const entry of raw as unknown[]) {
      const { id, at } = (entry ?? {}) as { id?: unknown; at?: unknown };
      if (typeof id === 'string' && typeof at === 'string') out.set(id, at);
    }
  return out;
}
