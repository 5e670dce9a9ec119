/** zod schemas for the content files' YAML parts. Messages are written for editors, not programmers. */
import { z } from 'zod';
import { UI_KEYS } from './types.js';

const isoDay = z
  .string({ error: 'must be a date written as YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written as YYYY-MM-DD')
  .refine(isRealDay, 'is not a real calendar date');

function isRealDay(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const url = z
  .string({ error: 'must be a web address' })
  .regex(/^https?:\/\/[^\s<>"]+$/, 'must be a full http:// or https:// address without spaces');

const oneLine = (max: number) =>
  z
    .string({ error: 'must be text' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !/[\r\n]/.test(s), 'must be a single line');

const word = z
  .string({ error: 'must be text' })
  .regex(/^[a-z0-9_]{1,32}$/, 'must be lower-case letters, digits or "_" (at most 32), e.g. instagram');

const topicId = z
  .string({ error: 'must be a topic id' })
  .regex(/^[a-z0-9_]{1,32}$/, 'is not a valid topic id');

const sourceSchema = z
  .strictObject({
    title: oneLine(300),
    publisher: oneLine(120),
    date: z
      .string({ error: 'must be YYYY-MM-DD, YYYY-MM or "undatiert"/"undated" (in quotes if unsure)' })
      .refine(
        (s) =>
          /^(undatiert|undated)$/.test(s) ||
          /^\d{4}-\d{2}$/.test(s) ||
          (/^\d{4}-\d{2}-\d{2}$/.test(s) && isRealDay(s)),
        'must be YYYY-MM-DD, YYYY-MM or "undatiert"/"undated"',
      ),
    /** The source's address. Required unless `offline` says why there is none. */
    url: url.optional(),
    /** Why the source has no address (e.g. "print edition"); it is then shown without a link. */
    offline: oneLine(120).optional(),
  })
  .superRefine((source, ctx) => {
    if (source.url === undefined && source.offline === undefined)
      ctx.addIssue({
        code: 'custom',
        message: `"${source.title}" has no "url": add its address, or say why there is none with offline: "<reason>" (e.g. offline: "print edition")`,
      });
    if (source.url !== undefined && source.offline !== undefined)
      ctx.addIssue({
        code: 'custom',
        message: `"${source.title}" has both "url" and "offline": keep the url and remove offline`,
      });
  });

const month = z
  .string({ error: 'must be a month written as YYYY-MM' })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written as YYYY-MM, e.g. 2025-05');

export const topicHeaderSchema = z.strictObject({
  id: topicId,
  title: oneLine(120),
  summary: oneLine(120),
  button: oneLine(24),
  commands: z.array(word).default([]),
  keywords: z
    .array(
      z
        .string({ error: 'must be text (put numbers and special words in "quotes")' })
        .trim()
        .min(1, 'must not be empty')
        .max(80),
    )
    .min(1, 'needs at least one keyword'),
  related: z.array(topicId).max(12, 'at most 12 related topics').default([]),
  checked: isoDay,
  /** Optional: the month of the sources the in-app steps come from (shown in the "Stand" line). */
  steps_as_of: month.optional(),
  /** The topic is something to do (object, switch off): it gets a "Done" button and a checklist entry. */
  checklist: z.boolean({ error: 'must be true or false' }).default(false),
  /**
   * Translations only: whether a native speaker has reviewed this text, as the day of the review
   * (YYYY-MM-DD) or false. Shown in the translated-from-German notice.
   */
  reviewed: z.union([z.literal(false), isoDay], { error: 'must be false or the day of the review (YYYY-MM-DD)' }).optional(),
  sources: z
    .array(sourceSchema, { error: 'needs a list of sources' })
    .min(1, 'every topic needs at least one source'),
});
export type TopicHeader = z.infer<typeof topicHeaderSchema>;

/** One value per language code; the loader checks that they are exactly the registered languages. */
const perLang = (inner: z.ZodType<string>) =>
  z.record(z.string().regex(/^[a-z]{2,3}(-[a-z]+)?$/, 'is not a language code'), inner);

export const deadlineSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'must be lower-case letters, digits and "-" (at most 48)'),
  at: z
    .string({ error: 'must be a day like "2025-05-27" or a local date and time like "2025-05-27T00:00" (in quotes)' })
    .regex(
      /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/,
      'must be a day like "2025-05-27" or a local date and time like "2025-05-27T00:00"',
    ),
  timezone: z
    .string()
    .refine(isTimeZone, 'is not a known time zone (use an IANA name such as Europe/Berlin)'),
  topics: z.array(topicId).min(1, 'needs at least one topic'),
  remind_days_before: z
    .array(z.number().int('must be whole days').min(0, 'must not be negative').max(365, 'at most 365'))
    .default([7, 1, 0]),
  title: perLang(oneLine(120)),
  text: perLang(z.string().trim().min(1, 'must not be empty').max(1500, 'must be at most 1500 characters')),
});

/**
 * deadlines.yaml: when the list was last compared with the sources (`checked`, shown on /frist like a
 * topic's "Stand"), then the list itself. `deadlines:` comes last, so more entries can simply be appended.
 */
export const deadlinesFileSchema = z.strictObject({
  checked: isoDay,
  deadlines: z.array(z.unknown(), { error: 'must be a list of deadlines (each starting with "- id: ...")' }).nullable().default([]),
});

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const uiSchema = z.strictObject(
  Object.fromEntries(
    UI_KEYS.map((key) => [key, z.string({ error: 'is missing' }).trim().min(1, 'must not be empty')]),
  ) as Record<(typeof UI_KEYS)[number], z.ZodString>,
);

/** Turns a zod issue path into "sources[2].url". */
export function fieldPath(path: readonly PropertyKey[]): string {
  return (
    path.reduce<string>(
      (acc, part) =>
        typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part),
      '',
    ) || '(file)'
  );
}
