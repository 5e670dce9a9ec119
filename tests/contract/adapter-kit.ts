/**
 * The adapter contract kit: what every platform adapter must do, run by each adapter against its own fake
 * server speaking the real protocol (tests/contract/adapters.test.ts). An adapter hands in a driver (how to
 * speak as a user on its fake, what the user received) and its capabilities from the adapter registry
 * (src/platforms.ts). A case whose capability the adapter lacks (429 in a terminal) is skipped, and its name
 * says so.
 *
 * The cases: a text answer arrives; buttons arrive and a press is routed; an answer over the length limit is
 * split in order without breaking markup; 429 with Retry-After is waited out; a blocked recipient is the
 * shared "blocked" delivery error; a duplicate inbound update is answered once; hostile input gets a safe
 * reply; a reminder sent through the sender port arrives in the recipient's language.
 */
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/loader.js';
import { DEFAULT_LANG, type Content, type Lang } from '../../src/content/types.js';
import { composeDelivery } from '../../src/engine/reminder-message.js';
import { silentLogger } from '../../src/logger.js';
import { bold, italic, paragraph, text, type Block, type Reply } from '../../src/message/model.js';
import { systemClock } from '../../src/ports/capabilities.js';
import { platformOf } from '../../src/ports/conversation.js';
import { DeliveryError, type MessageSender, type PlatformCapabilities } from '../../src/ports/platform.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { daytimeZone } from '../drills/support.js';
import { waitFor } from '../helpers/wait.js';

/** One message as the user saw it. */
export interface Received {
  /** The visible text (markup removed). */
  readonly text: string;
  /** What went over the wire as markup (Telegram HTML, Matrix formatted_body); undefined for plain text. */
  readonly markup?: string | undefined;
  /** The labels of its buttons (or numbered choices), in order. */
  readonly buttons: readonly string[];
}

/** How the kit speaks to one adapter on its fake server, as the one test user. */
export interface AdapterDriver {
  /** The user's conversation id ("telegram:123"). */
  readonly conversation: string;
  /** The adapter's sender (the scheduler's port). */
  readonly sender: MessageSender;
  /** The length limit of one message on this platform, in characters of plain ASCII text. */
  readonly messageLimit: number;
  /** The user writes `text` (their platform says their language is German). */
  say(text: string): Promise<void>;
  /** The user writes `text` and the platform delivers that update twice (webhook redelivery, sync replay). */
  sayTwice(text: string): Promise<void>;
  /** The user presses the button at `index` (from 0) of the last message with buttons. */
  press(index: number): Promise<void>;
  /** Messages the user has received since the driver started, in order. */
  received(): readonly Received[];
  /** The platform refuses the next send with 429 and Retry-After: 1 (second). */
  rateLimitNextSend(): void;
  /** The user blocked the bot (or removed it): the platform refuses the next send with its "forbidden". */
  block(): void;
  close(): Promise<void>;
}

export interface AdapterUnderTest {
  readonly name: string;
  readonly capabilities: PlatformCapabilities;
  start(): Promise<AdapterDriver>;
}

const content: Content = loadContent(resolve('content'));
const LANG: Lang = DEFAULT_LANG;

/** The start topic's topics that have a button in the menu: [topic id, button label, title]. */
function menuTopics(lang: Lang): [string, string, string][] {
  return content.topics
    .get('start')!
    .text[lang].related.map((id) => content.topics.get(id))
    .filter((t) => t !== undefined)
    .map((t) => [t.id, t.text[lang].button, t.text[lang].title]);
}

/** A reply far over `limit`: numbered paragraphs, each with bold and italic text, to find again in order. */
function longReply(limit: number): { reply: Reply; markers: string[] } {
  const markers: string[] = [];
  const blocks: Block[] = [];
  for (let i = 1; markers.length * 200 < limit * 2.5; i++) {
    const marker = `Absatz-${String(i).padStart(4, '0')}`;
    markers.push(marker);
    blocks.push(
      paragraph(bold(text(marker)), text(` ${'lorem ipsum '.repeat(12)}`), italic(text('dolor sit amet'))),
    );
  }
  return { reply: { blocks, buttons: [] }, markers };
}

const plainReply = (value: string): Reply => ({ blocks: [paragraph(text(value))], buttons: [] });

/** Whether HTML markup opens and closes its tags in order. */
function balancedTags(markup: string): boolean {
  const open: string[] = [];
  for (const m of markup.matchAll(/<(\/?)([a-zA-Z0-9-]+)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    const tag = name!.toLowerCase();
    if (selfClosing || tag === 'br' || tag === 'hr') continue;
    if (!closing) open.push(tag);
    else if (open.pop() !== tag) return false;
  }
  return open.length === 0;
}

const HOSTILE = `<b>fett</b><script>alert(1)</script> &amp; \u001b[2J\u0007\u202eevil\u202c ${'x'.repeat(3000)}`;

export function runAdapterContract(adapter: AdapterUnderTest): void {
  const caps = adapter.capabilities;
  const unless = (has: boolean, why: string) =>
    has ? it : (name: string) => it.skip(`${name} (not applicable: ${adapter.name} ${why})`);

  describe(`adapter contract: ${adapter.name}`, () => {
    let d: AdapterDriver;
    beforeEach(async () => {
      d = await adapter.start();
    });
    afterEach(() => d.close());

    /** Waits for `count` more messages after `from` and returns the new ones. */
    const next = async (from: number, count = 1, what = 'an answer'): Promise<Received[]> => {
      await waitFor(() => d.received().length >= from + count, what);
      return d.received().slice(from);
    };

    it('a text answer arrives', async () => {
      const [topic] = menuTopics(LANG);
      await d.say(topic![0]);
      const [answer] = await next(0);
      expect(answer!.text).toContain(topic![2]);
    });

    it('buttons arrive and a press is routed to the engine', async () => {
      await d.say('/start');
      const [menu] = await next(0, 1, 'the menu');
      const topics = menuTopics(LANG);
      const at = menu!.buttons.findIndex((label) => label.includes(topics[0]![1]));
      expect(menu!.buttons.length).toBeGreaterThan(1);
      expect(at).toBeGreaterThanOrEqual(0);
      await d.press(at);
      const [answer] = await next(1, 1, 'the answer to the press');
      expect(answer!.text).toContain(topics[0]![2]);
    });

    unless(caps.lengthLimit, 'has no length limit')(
      'an answer over the length limit is split in order, without breaking markup',
      async () => {
        const { reply, markers } = longReply(d.messageLimit);
        await d.sender.send(d.conversation, reply, 'kit-long');
        await waitFor(() => d.received().some((m) => m.text.includes(markers.at(-1)!)), 'the last part');
        const parts = d.received();
        expect(parts.length).toBeGreaterThan(1);
        for (const part of parts) {
          expect(part.text.length).toBeLessThanOrEqual(d.messageLimit);
          if (part.markup !== undefined)
            expect(balancedTags(part.markup), part.markup.slice(0, 80)).toBe(true);
        }
        const all = parts.map((p) => p.text).join('\n');
        const positions = markers.map((m) => all.indexOf(m));
        expect(positions.every((p) => p >= 0)).toBe(true);
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
      },
    );

    unless(caps.rateLimits, 'has no rate limits')(
      '429 with Retry-After is waited out and the send succeeds',
      async () => {
        d.rateLimitNextSend();
        await d.sender.send(d.conversation, plainReply('nach der Pause'), 'kit-429');
        const [sent] = await next(0);
        expect(sent!.text).toContain('nach der Pause');
      },
    );

    unless(caps.blocking, 'cannot be blocked')(
      'a blocked recipient is the shared "blocked" delivery error',
      async () => {
        d.block();
        const failure = await d.sender.send(d.conversation, plainReply('weg'), 'kit-403').then(
          () => undefined,
          (err: unknown) => err,
        );
        expect(failure).toBeInstanceOf(DeliveryError);
        expect((failure as DeliveryError).failure).toBe('blocked');
      },
    );

    unless(caps.redelivery, 'never delivers an update twice')(
      'a duplicate inbound update is answered once',
      async () => {
        const [first, second] = menuTopics(LANG);
        await d.sayTwice(first![0]);
        await next(0, 1, 'the answer');
        // A barrier: the next message is answered after anything the duplicate would have caused.
        await d.say(second![0]);
        await waitFor(() => d.received().some((m) => m.text.includes(second![2])), 'the barrier');
        expect(d.received().filter((m) => m.text.includes(first![2]))).toHaveLength(1);
      },
    );

    it('hostile input gets a safe reply', async () => {
      await d.say(HOSTILE);
      const [answer] = await next(0);
      expect(answer!.text.length).toBeGreaterThan(0);
      for (const m of d.received()) {
        expect(m.markup ?? '').not.toMatch(/<script/i);
        // eslint-disable-next-line no-control-regex
        expect(m.text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202a-\u202e]/);
        expect(m.text.length).toBeLessThanOrEqual(HOSTILE.length);
      }
    });

    it('a reminder sent through the sender port arrives in the recipient language', async () => {
      const store = new SqliteStore(':memory:');
      const now = systemClock.now();
      const topic = content.topics.get(menuTopics('en')[0]![0])!;
      await store.setLanguage(d.conversation, 'en');
      await store.setTimezone(d.conversation, daytimeZone(now));
      await store.enqueue([
        {
          key: `kit:${d.conversation}`,
          conversation: d.conversation,
          kind: 'personal',
          ref: topic.id,
          dueAt: now,
        },
      ]);
      const scheduler = new Scheduler({
        store,
        content: () => content,
        reminderText: composeDelivery,
        senders: new Map([[platformOf(d.conversation), d.sender]]),
        limits: {},
        clock: systemClock,
        logger: silentLogger,
      });
      scheduler.start();
      try {
        const [reminder] = await next(0, 1, 'the reminder');
        expect(reminder!.text).toContain(topic.text.en.summary.slice(0, 40));
        expect(reminder!.text).not.toContain(topic.text.de.summary.slice(0, 40));
      } finally {
        await scheduler.stop();
        await store.close();
      }
    });
  });
}
