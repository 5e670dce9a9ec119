/**
 * When reminders are due: at 10:00 in the subscriber's time zone, N days before the deadline's local day,
 * sent only between 09:00 and 20:00 local time. Daylight-saving changes are handled by @date-fns/tz.
 */
import { TZDate } from '@date-fns/tz';

export const DEFAULT_TIMEZONE = 'Europe/Berlin';
const REMINDER_HOUR = 10;
const WINDOW_START_HOUR = 9;
const WINDOW_END_HOUR = 20;

/** 10:00 local, `daysBefore` days before the local calendar day of `at` in `timezone`. */
export function reminderDueAt(at: Date, daysBefore: number, timezone: string): Date {
  const local = new TZDate(at.getTime(), timezone);
  const due = new TZDate(
    local.getFullYear(),
    local.getMonth(),
    local.getDate() - daysBefore,
    REMINDER_HOUR,
    0,
    timezone,
  );
  return new Date(due.getTime());
}

/** `days` local days after `now`, at 10:00 local (for "remind me tomorrow / in a week"). */
export function laterDueAt(now: Date, days: number, timezone: string): Date {
  const local = new TZDate(now.getTime(), timezone);
  return new Date(
    new TZDate(
      local.getFullYear(),
      local.getMonth(),
      local.getDate() + days,
      REMINDER_HOUR,
      0,
      timezone,
    ).getTime(),
  );
}

/** Whether `now` is inside the sending window (09:00–20:00 local). */
export function inSendWindow(now: Date, timezone: string): boolean {
  const hour = new TZDate(now.getTime(), timezone).getHours();
  return hour >= WINDOW_START_HOUR && hour < WINDOW_END_HOUR;
}

/** The next start of the sending window after `now` (today 09:00 if before it, else tomorrow 09:00). */
export function nextWindowStart(now: Date, timezone: string): Date {
  const local = new TZDate(now.getTime(), timezone);
  const day = local.getHours() < WINDOW_START_HOUR ? local.getDate() : local.getDate() + 1;
  return new Date(
    new TZDate(local.getFullYear(), local.getMonth(), day, WINDOW_START_HOUR, 0, timezone).getTime(),
  );
}

/** Whole local calendar days from `now` to `at` in `timezone` (0 = same day, 1 = tomorrow). */
export function calendarDaysUntil(now: Date, at: Date, timezone: string): number {
  const a = new TZDate(now.getTime(), timezone);
  const b = new TZDate(at.getTime(), timezone);
  const dayA = Date.UTC(a.getFullYear(), a.getMonth(), a.getDate());
  const dayB = Date.UTC(b.getFullYear(), b.getMonth(), b.getDate());
  return Math.round((dayB - dayA) / 86_400_000);
}
