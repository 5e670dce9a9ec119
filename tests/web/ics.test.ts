/**
 * The calendar feed, read back by an independent parser (Mozilla's ical.js): every language's feed parses;
 * dates and alarms land right across a daylight-saving change in Europe/Berlin; long Arabic and Ukrainian
 * text folds and unfolds intact; commas, semicolons, backslashes and line breaks survive; the bytes depend
 * only on the content; an edited deadline keeps its UID and a removed one is gone.
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { checkContentFolder } from '../../src/content/check.js';
import { LANGS, type Content } from '../../src/content/types.js';
import { composeDeadline } from '../../src/engine/deadline-answer.js';
import { plainInline } from '../../src/message/model.js';
import { deadlineEvent, deadlinesFeed, eventUid, ICS_TYPE, openDeadlines } from '../../src/render/web/ics.js';
import { renderPlainBlocks } from '../../src/render/plain.js';
import { contentCopy, contentWith, FUTURE_DEADLINE, realContent } from '../helpers/content.js';
import { buildWebSite } from '../../src/render/web/site.js';
import { BASE, BOTS, build, text } from './helpers.js';

/** Every registered language but those named gets `fallback`. */
const perLang = (values: Record<string, string>, fallback: string): string =>
  `{ ${LANGS.map((l) => `${l}: ${JSON.stringify(values[l] ?? fallback)}`).join(', ')} }`;

const LONG_AR =
  'ميتا تبدأ تدريب الذكاء الاصطناعي على المحتوى العام للمستخدمين البالغين في الاتحاد الأوروبي وعلى محادثاتهم مع Meta AI؛ الاعتراض ممكن في أي وقت، لكنه يسري على المستقبل فقط، وما دخل في التدريب يبقى في النماذج.';
const LONG_UK =
  'Meta почала навчати свій ШІ на публічному вмісті дорослих користувачів з ЄС і на їхніх чатах з Meta AI; заперечити можна будь-коли, але це діє лише на майбутнє, а те, що вже потрапило в навчання, залишається в моделях.';
const TRICKY = 'Komma, Semikolon; Backslash \\ und ein Zeilenumbruch:\n\nZweiter Absatz.';

/** Future deadlines: one on the day Berlin's clocks go forward, one all-day on the day they go back. */
const FIXTURE = `${FUTURE_DEADLINE}
- id: test-dst-spring
  at: "2027-03-28T12:00"
  timezone: Europe/Berlin
  topics: [instagram]
  remind_days_before: [7, 1, 0]
  title: ${perLang({ de: 'Frühjahrsfrist', ar: LONG_AR.slice(0, 110), uk: LONG_UK.slice(0, 110) }, 'Spring deadline')}
  text: ${perLang({ de: TRICKY, ar: LONG_AR, uk: LONG_UK }, 'Spring text.')}

- id: test-dst-autumn
  at: "2027-10-31"
  timezone: Europe/Berlin
  topics: [facebook]
  remind_days_before: [7, 1, 0]
  title: ${perLang({ de: 'Herbsttag' }, 'Autumn day')}
  text: ${perLang({}, 'Autumn text.')}
`;

function parse(ics: string) {
  // ical.js types parse() loosely; a calendar file parses to one jCal component (an array).
  const cal = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  return { cal, events: cal.getAllSubcomponents('vevent') };
}

function byUid(ics: string, uid: string): ICAL.Component {
  const event = parse(ics).events.find((e) => e.getFirstPropertyValue('uid') === uid);
  if (!event) throw new Error(`no event ${uid}`);
  return event;
}

/** The alarms of an event as times (start + trigger), read by ical.js. */
function alarmTimes(event: ICAL.Component): ICAL.Time[] {
  const start = event.getFirstPropertyValue('dtstart') as ICAL.Time;
  return event.getAllSubcomponents('valarm').map((a) => {
    const t = start.clone();
    // A day's alarm counts from its midnight: read the date as a time of day before adding the trigger.
    if (t.isDate) t.isDate = false;
    t.addDuration(a.getFirstPropertyValue('trigger') as ICAL.Duration);
    return t;
  });
}

const berlin = (d: Date): string =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);

const NOW = new Date('2026-12-06T12:00:00Z');
const content = contentWith(FIXTURE);
const open = openDeadlines(content, NOW);
const feed = (c: Content, lang: (typeof LANGS)[number]) =>
  deadlinesFeed(c, lang, openDeadlines(c, NOW), BASE);

describe('the calendar feed', () => {
  it('is a valid, empty calendar in every language for today’s content (no deadline is open)', async () => {
    const real = realContent();
    expect(real.deadlines.length).toBeGreaterThan(0);
    const site = await build(real);
    for (const lang of LANGS) {
      const file = site.get(`${lang}/fristen.ics`);
      expect(file?.type, lang).toBe(ICS_TYPE);
      const ics = text(site, `${lang}/fristen.ics`);
      const { cal, events } = parse(ics);
      expect(cal.name).toBe('vcalendar');
      expect(cal.getFirstPropertyValue('version')).toBe('2.0');
      expect(cal.getFirstPropertyValue('prodid')).toMatch(/ki-widerspruch-bot/);
      expect(events).toHaveLength(0);
    }
  });

  it('lists every open deadline in every language, with title, text, topic page, sources and a stable UID', () => {
    expect(open.map((d) => d.id).sort()).toEqual(['test-dst-autumn', 'test-dst-spring', 'test-frist']);
    for (const lang of LANGS) {
      const ics = feed(content, lang);
      expect(parse(ics).events).toHaveLength(3);
      for (const d of open) {
        const event = byUid(ics, eventUid(d, lang, BASE));
        expect(event.getFirstPropertyValue('summary')).toBe(d.title[lang]);
        const description = event.getFirstPropertyValue('description') as string;
        expect(description).toContain(renderPlainBlocks(d.text[lang], { self: '' }).split('\n')[0]);
        expect(description).toContain(`${BASE}/${lang}/${d.topics[0]}/`);
        expect(description).toContain(`${BASE}/${lang}/${d.topics[0]}/#sources`);
        expect(event.getFirstPropertyValue('url')).toBe(`${BASE}/${lang}/${d.topics[0]}/`);
      }
    }
  });

  it('puts a timed deadline on the right instant across the spring change, with alarms at 10:00 Berlin time', () => {
    const event = byUid(
      feed(content, 'de'),
      eventUid(
        open.find((d) => d.id === 'test-dst-spring')!,
        'de',
        BASE,
      ),
    );
    const start = (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate();
    expect(start.toISOString()).toBe('2027-03-28T10:00:00.000Z'); // 12:00 CEST
    expect(berlin(start)).toBe('2027-03-28 12:00');
    // 7 and 1 days before are still winter time (UTC+1), the day itself summer time (UTC+2): 10:00 local each.
    const alarms = alarmTimes(event).map((t) => t.toJSDate());
    expect(alarms.map((a) => a.toISOString())).toEqual([
      '2027-03-21T09:00:00.000Z',
      '2027-03-27T09:00:00.000Z',
      '2027-03-28T08:00:00.000Z',
    ]);
    expect(alarms.map(berlin)).toEqual(['2027-03-21 10:00', '2027-03-27 10:00', '2027-03-28 10:00']);
  });

  it('makes a day without a time an all-day event on that day, with alarms at 10:00 on the days before', () => {
    const event = byUid(
      feed(content, 'de'),
      eventUid(
        open.find((d) => d.id === 'test-dst-autumn')!,
        'de',
        BASE,
      ),
    );
    const start = event.getFirstPropertyValue('dtstart') as ICAL.Time;
    expect(start.isDate).toBe(true);
    expect(start.toString()).toBe('2027-10-31');
    // "On the day" (0) would come after the day began, so it is left out, as the bot leaves it out.
    expect(alarmTimes(event).map((t) => t.toString())).toEqual([
      '2027-10-24T10:00:00',
      '2027-10-30T10:00:00',
    ]);
  });

  it('folds long Arabic and Ukrainian lines at 75 octets without breaking a character, and unfolds them intact', () => {
    for (const [lang, long] of [
      ['ar', LONG_AR],
      ['uk', LONG_UK],
    ] as const) {
      const ics = feed(content, lang);
      expect(ics.endsWith('\r\n')).toBe(true);
      const lines = ics.split('\r\n');
      expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(5);
      for (const line of lines) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
      expect(ics).not.toContain('\uFFFD');
      const event = byUid(
        ics,
        eventUid(
          open.find((d) => d.id === 'test-dst-spring')!,
          lang,
          BASE,
        ),
      );
      expect(event.getFirstPropertyValue('description') as string).toContain(long);
      expect(event.getFirstPropertyValue('summary')).toBe(long.slice(0, 110));
    }
  });

  it('escapes commas, semicolons, backslashes and line breaks so they read back unchanged', () => {
    const ics = feed(content, 'de');
    expect(ics).toContain('Komma\\, Semikolon\\; Backslash \\\\ und');
    const event = byUid(
      ics,
      eventUid(
        open.find((d) => d.id === 'test-dst-spring')!,
        'de',
        BASE,
      ),
    );
    expect(event.getFirstPropertyValue('description') as string).toContain(TRICKY);
  });

  it('is byte-identical for the same content, whenever it is built (no clock in it)', () => {
    const again = contentWith(FIXTURE);
    for (const lang of LANGS) {
      const a = feed(content, lang);
      expect(
        deadlinesFeed(again, lang, openDeadlines(again, new Date('2027-02-01T00:00:00Z')), BASE),
      ).not.toBe(a);
      expect(deadlinesFeed(again, lang, openDeadlines(again, new Date('2026-01-01T00:00:00Z')), BASE)).toBe(
        a,
      );
    }
    // DTSTAMP is the day the deadline list was last compared with its sources, not the build time.
    const stamp = byUid(feed(content, 'de'), eventUid(open[0]!, 'de', BASE)).getFirstPropertyValue(
      'dtstamp',
    ) as ICAL.Time;
    expect(content.deadlinesChecked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(stamp.toString()).toBe(`${content.deadlinesChecked}T00:00:00Z`);
  });

  it('keeps the UID of an edited deadline (the subscriber’s event updates) and drops a removed one', () => {
    const edited = contentWith(
      FIXTURE.replace('Frühjahrsfrist', 'Frühjahrsfrist (verschoben)').replace(
        '2027-03-28T12:00',
        '2027-04-04T12:00',
      ),
    );
    const spring = open.find((d) => d.id === 'test-dst-spring')!;
    const event = byUid(feed(edited, 'de'), eventUid(spring, 'de', BASE));
    expect(event.getFirstPropertyValue('summary')).toBe('Frühjahrsfrist (verschoben)');
    expect((event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(
      '2027-04-04T10:00:00.000Z',
    );

    const removed = contentWith(FIXTURE.replace(/\n- id: test-dst-spring[\s\S]*?(?=\n- id: )/, '\n'));
    const uids = parse(feed(removed, 'de')).events.map((e) => e.getFirstPropertyValue('uid'));
    expect(uids).toHaveLength(2);
    expect(uids).not.toContain(eventUid(spring, 'de', BASE));
  });

  it('gives each open deadline a file of its own with the same UID ("add this one date")', async () => {
    for (const d of open) {
      const single = parse(deadlineEvent(content, 'en', d, BASE));
      expect(single.events.map((e) => e.getFirstPropertyValue('uid'))).toEqual([eventUid(d, 'en', BASE)]);
    }
    const site = await buildWebSite(content, { baseUrl: BASE, bots: BOTS, now: NOW });
    for (const d of open) expect(site.get(`en/fristen/${d.id}.ics`)?.type).toBe(ICS_TYPE);
    const page = text(site, 'en/fristen/index.html');
    expect(page).toContain(`href="webcal://guide.example.org/en/fristen.ics"`);
    expect(page).toContain(`href="${BASE}/en/fristen.ics"`);
    expect(page).toContain('href="./test-frist.ics"');
    expect(page).toContain('<img src="qr.svg"');
    const topic = text(site, 'en/instagram/index.html');
    expect(topic).toContain('href="../fristen/test-frist.ics"');
    expect(topic).toContain(`href="webcal://guide.example.org/en/fristen.ics"`);
  });
});

describe('the content check and the feed', () => {
  const check = (change: (s: string) => string) => {
    const copy = contentCopy();
    try {
      copy.edit('deadlines.yaml', change);
      return checkContentFolder(copy.dir, {}, NOW);
    } finally {
      copy.cleanup();
    }
  };

  it('passes the real content and the fixture', () => {
    expect(checkContentFolder('content', {}, NOW).ok).toBe(true);
    expect(check((s) => `${s}\n${FIXTURE}`).ok).toBe(true);
  });

  it('fails on a local time the clocks skip, on one they repeat, and on reminders that all come too late', () => {
    const skipped = check((s) => `${s}\n${FIXTURE.replace('2027-03-28T12:00', '2027-03-28T02:30')}`);
    expect(skipped.ok).toBe(false);
    expect(skipped.problems).toMatch(
      /deadlines\.yaml: test-dst-spring\.at: "2027-03-28T02:30" does not exist in Europe\/Berlin/,
    );
    const twice = check((s) => `${s}\n${FIXTURE.replace('2027-03-28T12:00', '2027-10-31T02:30')}`);
    expect(twice.ok).toBe(false);
    expect(twice.problems).toMatch(/"2027-10-31T02:30" happens twice in Europe\/Berlin/);
    const late = check(
      (s) =>
        `${s}\n${FIXTURE.replace(/"2027-03-28T12:00"(\s+timezone: \S+\s+topics: \S+\s+)remind_days_before: \[7, 1, 0\]/, '"2027-03-28T09:00"$1remind_days_before: [0]')}`,
    );
    expect(late.ok).toBe(false);
    expect(late.problems).toMatch(/test-dst-spring\.remind_days_before: every reminder/);
  });
});

describe('/frist in the chats', () => {
  it('links the deadlines page with the calendar when WEB_BASE_URL is set, and only then', () => {
    const plain = (url?: string) =>
      composeDeadline(content, 'de', NOW, url)
        .blocks.map((b) => (b.kind === 'list' ? '' : plainInline(b.content)))
        .join('\n');
    expect(plain(BASE)).toContain(`${BASE}/de/fristen/`);
    expect(plain()).not.toContain('/fristen/');
    expect(plain()).toContain('Test-Frist');
  });
});
