import { afterEach, describe, expect, it } from 'vitest';
import { syncDeadlines } from '../../src/scheduler/planner.js';
import { DeliveryError } from '../helpers/fake-sender.js';
import { contentWith, FUTURE_DEADLINE, makeBed, type Bed } from './setup.js';
import { waitFor } from '../helpers/wait.js';

let bed: Bed;
afterEach(async () => bed?.dispose());

const pending = async (conversation: string) =>
  (await bed.store.listDeliveries(conversation, 100)).filter(
    (d) => d.status === 'pending' || d.status === 'claimed',
  );

describe('subscribing to deadline reminders', () => {
  it('sends 7 days before, the day before and on the day, at 10:00 Berlin time, with the right words', async () => {
    bed = await makeBed();
    await bed.say('test:1', '/erinnern');
    expect(await pending('test:1')).toHaveLength(3);
    await bed.runUntil('2027-01-25T00:00:00Z');
    const sent = bed.sender.to('test:1');
    expect(sent.map((m) => m.at.toISOString())).toEqual([
      '2027-01-13T09:00:00.000Z',
      '2027-01-19T09:00:00.000Z',
      '2027-01-20T09:00:00.000Z',
    ]);
    expect(sent[0]!.text).toMatch(/Noch 7 Tage: 20\. Januar 2027, 23:59 Uhr/);
    expect(sent[1]!.text).toMatch(/Morgen ist es so weit/);
    expect(sent[2]!.text).toMatch(/Heute ist es so weit/);
    // Self-contained: title, what to do, a way back to the guide.
    expect(sent[0]!.text).toMatch(/Test-Frist/);
    expect(sent[0]!.text).toMatch(/Bis dahin widersprechen/);
    expect(sent[0]!.text).toMatch(/Instagram/);
  });

  it('answers a second /erinnern without planning anything twice', async () => {
    bed = await makeBed();
    await bed.say('test:1', '/erinnern');
    await bed.say('test:1', '/remind');
    expect(await pending('test:1')).toHaveLength(3);
  });

  it('ends reminders with /stopp and deletes what was planned', async () => {
    bed = await makeBed();
    await bed.say('test:1', '/erinnern');
    await bed.say('test:1', '/stopp');
    expect(await pending('test:1')).toHaveLength(0);
    await bed.runUntil('2027-01-25T00:00:00Z');
    expect(bed.sender.sent).toHaveLength(0);
  });

  it('uses the subscriber’s time zone from /zeitzone and re-plans pending reminders', async () => {
    bed = await makeBed();
    await bed.say('test:1', '/erinnern');
    await bed.say('test:1', '/zeitzone America/New_York');
    await bed.runUntil('2027-01-14T00:00:00Z');
    expect(bed.sender.to('test:1').map((m) => m.at.toISOString())).toEqual(['2027-01-13T15:00:00.000Z']);
    await bed.say('test:2', '/zeitzone Mars/Olympus');
    expect((await bed.store.getSettings('test:2'))?.timezone).toBeUndefined();
  });

  it('skips reminders once every platform of the deadline is marked done', async () => {
    bed = await makeBed();
    await bed.say('test:1', '/erinnern');
    await bed.press('test:1', 'c:instagram');
    await bed.runUntil('2027-01-14T00:00:00Z');
    expect(bed.sender.to('test:1')).toHaveLength(1); // facebook still open
    await bed.press('test:1', 'c:facebook');
    await bed.runUntil('2027-01-25T00:00:00Z');
    expect(bed.sender.to('test:1')).toHaveLength(1);
    expect((await bed.store.getSettings('test:1'))?.checklist).toEqual(['facebook', 'instagram']);
  });

  it('marks further accounts of a platform as done and lists them in /status', async () => {
    bed = await makeBed();
    await bed.press('test:1', 'c:facebook');
    const [reply] = await bed.engine.handle({ conversation: 'test:1', action: 'c:facebook_2' });
    expect(reply!.buttons.flat().some((b) => b.kind === 'action' && b.action === 'c:facebook_3')).toBe(true);
    const [status] = await bed.engine.handle({ conversation: 'test:1', text: '/status' });
    const { renderPlain } = await import('../../src/render/plain.js');
    expect(renderPlain(status!, { self: 'bot' }).text).toMatch(/✅ Facebook\n• ✅ Facebook \(Konto 2\)/);
    // Not a checklist topic, or not a valid account number: refused.
    for (const forged of ['c:whatsapp', 'c:facebook_1', 'c:facebook_10', 'c:nope_2']) {
      const [r] = await bed.engine.handle({ conversation: 'test:1', action: forged });
      expect(renderPlain(r!, { self: 'bot' }).text, forged).toMatch(/veraltet oder ungültig/);
    }
  });

  it('sends a personal "remind me tomorrow" at 10:00 the next day', async () => {
    bed = await makeBed({ start: '2027-02-01T15:00:00Z' });
    await bed.press('test:1', 'p:instagram:1');
    await bed.runUntil('2027-02-03T00:00:00Z');
    const sent = bed.sender.to('test:1');
    expect(sent.map((m) => m.at.toISOString())).toEqual(['2027-02-02T09:00:00.000Z']);
    expect(sent[0]!.text).toMatch(/Du wolltest erinnert werden/);
  });
});

describe('changes to the deadlines in the content', () => {
  it('announces a new deadline once and plans its reminders, however often the sync runs', async () => {
    bed = await makeBed({ content: contentWith('') });
    await bed.say('test:1', '/erinnern');
    expect(await pending('test:1')).toHaveLength(0);
    bed.content = contentWith(FUTURE_DEADLINE);
    await syncDeadlines(bed.store, bed.content, bed.vt.now());
    await syncDeadlines(bed.store, bed.content, bed.vt.now());
    expect(await pending('test:1')).toHaveLength(4);
    await bed.runUntil('2027-01-02T00:00:00Z');
    expect(bed.sender.to('test:1')).toHaveLength(1);
    expect(bed.sender.to('test:1')[0]!.text).toMatch(/Neuer Stichtag: Test-Frist/);
  });

  it('moves pending reminders when a deadline’s date changes, without doubling them', async () => {
    bed = await makeBed();
    await syncDeadlines(bed.store, bed.content, bed.vt.now());
    await bed.say('test:1', '/erinnern');
    bed.content = contentWith(FUTURE_DEADLINE.replace('2027-01-20T23:59', '2027-02-10T12:00'));
    const result = await syncDeadlines(bed.store, bed.content, bed.vt.now());
    expect(result.moved).toEqual(['test-frist']);
    const due = (await pending('test:1')).map((d) => d.dueAt.toISOString()).sort();
    expect(due).toEqual(['2027-02-03T09:00:00.000Z', '2027-02-09T09:00:00.000Z', '2027-02-10T09:00:00.000Z']);
  });

  it('cancels pending reminders when a deadline is removed', async () => {
    bed = await makeBed();
    await syncDeadlines(bed.store, bed.content, bed.vt.now());
    await bed.say('test:1', '/erinnern');
    bed.content = contentWith('');
    expect((await syncDeadlines(bed.store, bed.content, bed.vt.now())).removed).toEqual(['test-frist']);
    expect(await pending('test:1')).toHaveLength(0);
  });
});

describe('catching up after downtime', () => {
  it('sends a reminder late, once, while its deadline is ahead, and skips those whose deadline passed', async () => {
    bed = await makeBed();
    await bed.say('test:1', '/erinnern');
    bed.vt.set('2027-01-16T11:00:00Z'); // down from 1 Jan until after the 7-day reminder
    await bed.runUntil('2027-01-16T11:00:00Z');
    expect(bed.sender.to('test:1').map((m) => m.at.toISOString())).toEqual(['2027-01-16T11:00:00.000Z']);
    expect(bed.sender.to('test:1')[0]!.text).toMatch(/Noch 4 Tage/);
    bed.vt.set('2027-01-22T10:00:00Z'); // down again until after the deadline
    await bed.runUntil('2027-01-22T10:00:00Z');
    expect(bed.sender.to('test:1')).toHaveLength(1);
    const statuses = (await bed.store.listDeliveries('test:1', 10)).map((d) => d.status).sort();
    expect(statuses).toEqual(['sent', 'skipped', 'skipped']);
  });

  it('waits for 09:00 when it comes back at night', async () => {
    bed = await makeBed();
    await bed.say('test:1', '/erinnern');
    bed.vt.set('2027-01-13T21:30:00Z'); // 22:30 in Berlin
    await bed.runUntil('2027-01-14T12:00:00Z');
    expect(bed.sender.to('test:1').map((m) => m.at.toISOString())).toEqual(['2027-01-14T08:00:00.000Z']);
  });
});

describe('when the platform refuses', () => {
  it('ends the subscription of a chat that blocked the bot and sends nothing more there', async () => {
    bed = await makeBed();
    await bed.say('test:1', '/erinnern');
    bed.sender.failWith = () => new DeliveryError('blocked', '403: bot was blocked by the user');
    await bed.runUntil('2027-01-25T00:00:00Z');
    const settings = await bed.store.getSettings('test:1');
    expect(settings?.subscribed).toBe(false);
    expect(settings?.active).toBe(false);
    expect(await pending('test:1')).toHaveLength(0);
  });

  it('pauses on 429 for the time the platform names and then delivers everything', async () => {
    bed = await makeBed();
    for (let i = 0; i < 20; i++) await bed.say(`test:${i}`, '/erinnern');
    let refused = 0;
    bed.sender.failWith = (_c, attempt) =>
      attempt === 1 && refused++ < 3 ? new DeliveryError('rate_limited', '429', 7000) : undefined;
    await bed.runUntil('2027-01-13T12:00:00Z');
    expect(new Set(bed.sender.sent.map((m) => m.conversation)).size).toBe(20);
    expect(bed.sender.sent).toHaveLength(20);
    const last = Math.max(...bed.sender.sent.map((m) => m.at.getTime()));
    expect(last - Date.parse('2027-01-13T09:00:00Z')).toBeGreaterThanOrEqual(7000);
  });

  it('retries transient errors with backoff and parks the delivery as failed after the limit', async () => {
    bed = await makeBed({ scheduler: { maxAttempts: 3 } });
    await bed.say('test:1', '/erinnern');
    bed.sender.failWith = () => new DeliveryError('transient', '502 Bad Gateway');
    await bed.runUntil('2027-01-13T12:00:00Z');
    const seven = (await bed.store.listDeliveries('test:1', 10)).find((d) => d.offsetDays === 7)!;
    expect(seven.status).toBe('failed');
    expect(seven.attempts).toBe(3);
    expect(seven.lastError).toMatch(/502/);
    expect((await bed.store.stats()).deliveries.failed).toBe(1);
  });
});

describe('pacing', () => {
  it('never exceeds the configured rate, overall or per chat', async () => {
    bed = await makeBed({ scheduler: { limits: { test: { perSecond: 10, perChatIntervalMs: 1000 } } } });
    for (let i = 0; i < 50; i++) await bed.say(`test:${i}`, '/erinnern');
    await bed.runUntil('2027-01-13T10:00:00Z');
    const times = bed.sender.sent.map((m) => m.at.getTime()).sort((a, b) => a - b);
    expect(times).toHaveLength(50);
    for (let i = 10; i < times.length; i++) expect(times[i]! - times[i - 10]!).toBeGreaterThanOrEqual(1000);
  });

  it('hands unstarted claims back on stop, so nothing stays claimed', async () => {
    bed = await makeBed({
      scheduler: {
        limits: { test: { perSecond: 1, perChatIntervalMs: 1000 } },
        batchSize: 50,
        concurrency: 1,
      },
    });
    for (let i = 0; i < 30; i++) await bed.say(`test:${i}`, '/erinnern');
    bed.vt.set('2027-01-13T09:00:00Z');
    bed.scheduler.start();
    const claimed = async () =>
      (await Promise.all(Array.from({ length: 30 }, (_, i) => bed.store.listDeliveries(`test:${i}`, 10))))
        .flat()
        .filter((d) => d.status === 'claimed').length;
    // The scheduler has claimed a batch and waits (on virtual time) for the rate limiter.
    await waitFor(async () => (await claimed()) > 0, 'a batch claimed');
    await bed.vt.drive(bed.scheduler.stop());
    const all = (
      await Promise.all(Array.from({ length: 30 }, (_, i) => bed.store.listDeliveries(`test:${i}`, 10)))
    ).flat();
    expect(all.filter((d) => d.status === 'claimed')).toHaveLength(0);
    expect(all.filter((d) => d.status === 'pending').length).toBeGreaterThan(0);
  });
});

describe('the rate limiter', () => {
  it('lets other chats pass while one chat waits for its own interval', async () => {
    const { RateLimiter } = await import('../../src/scheduler/rate-limiter.js');
    const { VirtualTime } = await import('../helpers/virtual-time.js');
    const vt = new VirtualTime('2027-01-01T10:00:00Z');
    const limiter = new RateLimiter({ perSecond: 100, perChatIntervalMs: 1000 }, vt, vt.sleep);
    const order: string[] = [];
    const take = (chat: string) =>
      limiter
        .acquire(chat)
        .then(() => order.push(`${chat}@${vt.now().getTime() - Date.parse('2027-01-01T10:00:00Z')}`));
    await vt.drive(Promise.all([take('a'), take('a'), take('b'), take('c')]));
    expect(order.map((o) => o.split('@')[0])).toEqual(['a', 'b', 'c', 'a']);
    expect(Number(order[2]!.split('@')[1])).toBeLessThan(100);
    expect(order[3]).toBe('a@1000');
  });
});
