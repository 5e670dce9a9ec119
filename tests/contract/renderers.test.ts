/**
 * The contract every renderer passes (plain text for the terminal, Telegram HTML, Matrix HTML): markup in
 * content or user input never reaches the output unescaped, every message fits its platform's limit after
 * splitting, nothing is lost in splitting, and conversation ids round-trip.
 */
import { codesOf } from '../../src/content/languages.js';
import { formatDay } from '../../src/engine/format.js';
import { describe, expect, it } from 'vitest';
import { renderMatrix } from '../../adapters/matrix/render.js';
import { conversationOf, roomOf } from '../../adapters/matrix/sender.js';
import { chatIdOf, conversationId } from '../../adapters/telegram/context.js';
import { renderReply } from '../../adapters/telegram/render.js';
import type { Block, Reply } from '../../src/message/model.js';
import { renderPlain } from '../../src/render/plain.js';
import { makeEngine } from '../helpers/engine.js';
import { htmlText } from '../helpers/telegram-text.js';

interface Rendered {
  /** What goes over the wire, one entry per message. */
  readonly wire: readonly string[];
  /** What the reader sees, one entry per message. */
  readonly visible: readonly string[];
}

interface RendererUnderTest {
  readonly name: string;
  render(reply: Reply): Rendered;
  /** The platform's limit for one message, in the unit `size` measures. */
  readonly limit: number;
  size(wire: string, visible: string): number;
  /** HTML tags the platform accepts, or undefined for plain text. */
  readonly tags?: readonly string[];
}

const unescape = (html: string): string => htmlText(html.replace(/<br\s*\/?>/g, '\n'));

const renderers: RendererUnderTest[] = [
  {
    name: 'plain (terminal)',
    render: (reply) => {
      const text = renderPlain(reply, { self: 'npm start' }).text;
      return { wire: [text], visible: [text] };
    },
    limit: Infinity,
    size: (_w, v) => v.length,
  },
  {
    name: 'Telegram HTML',
    render: (reply) => {
      const r = renderReply(reply, { username: 'KiWiderspruchBot', inline: true });
      return { wire: r.messages, visible: r.messages.map(unescape) };
    },
    limit: 4096,
    size: (_w, v) => v.length,
    tags: ['b', 'i', 'a', 'u', 's', 'code', 'pre', 'blockquote'],
  },
  {
    name: 'Matrix HTML',
    render: (reply) => {
      const r = renderMatrix(reply, { selfUserId: '@bot:example.org' });
      return { wire: r.events.map((e) => e.formatted_body), visible: r.events.map((e) => e.body) };
    },
    limit: 24 * 1024,
    size: (w, v) => Buffer.byteLength(w) + Buffer.byteLength(v),
    tags: ['p', 'strong', 'em', 'a', 'br', 'ul', 'ol', 'li', 'b', 'i', 'h3', 'h4'],
  },
];

const HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)> "quoted" \u001b[31m \u202Eevil';

function hostileReply(): Reply {
  const text = { kind: 'text', text: HOSTILE } as const;
  return {
    blocks: [
      { kind: 'heading', content: [text] },
      {
        kind: 'paragraph',
        content: [text, { kind: 'bold', children: [text] }, { kind: 'italic', children: [text] }],
      },
      {
        kind: 'paragraph',
        content: [{ kind: 'link', href: 'https://example.org/?a="b"&c=<d>', children: [text] }],
      },
      { kind: 'list', ordered: true, items: [[text], [text]] },
    ],
    buttons: [
      [
        { kind: 'action', label: HOSTILE, action: 'm' },
        { kind: 'share', label: HOSTILE, topic: 'instagram', text: HOSTILE },
      ],
    ],
  };
}

function longReply(words: number): Reply {
  const blocks: Block[] = [];
  for (let i = 0; i < words; i += 50) {
    blocks.push({
      kind: 'paragraph',
      content: [{ kind: 'text', text: Array.from({ length: 50 }, (_, j) => `w${i + j}`).join(' ') }],
    });
  }
  return { blocks, buttons: [] };
}

for (const r of renderers) {
  describe(`the ${r.name} renderer`, () => {
    it('never lets markup from content or user input through unescaped', () => {
      const out = r.render(hostileReply());
      for (const wire of out.wire) {
        // eslint-disable-next-line no-control-regex
        expect(wire).not.toMatch(/[\u001b\u202E]/);
        if (r.tags) {
          expect(wire).not.toMatch(/<script|<img/i);
          for (const tag of wire.matchAll(/<\/?([a-zA-Z0-9]+)[^>]*>/g))
            expect(r.tags, tag[0]).toContain(tag[1]!.toLowerCase());
          for (const href of wire.matchAll(/href="([^"]*)"/g)) expect(href[1]).not.toMatch(/[<>"]/);
        }
      }
      expect(out.visible.join('\n')).toContain('<script>alert("x")</script> & <img src=x onerror=alert(1)>');
    });

    it('splits a 10,000-character answer into messages within the limit, losing nothing', () => {
      const reply = longReply(1500);
      const out = r.render(reply);
      out.wire.forEach((wire, i) => expect(r.size(wire, out.visible[i]!)).toBeLessThanOrEqual(r.limit));
      const seen = out.visible.join(' ').match(/w\d+/g) ?? [];
      expect(seen).toEqual(Array.from({ length: 1500 }, (_, i) => `w${i}`));
    });

    it('renders every topic of the content within the limit', () => {
      const { engine } = makeEngine();
      for (const topic of engine.content.topics.keys()) {
        for (const lang of codesOf(engine.content.languages)) {
          const out = r.render(engine.topicReply(topic, lang));
          out.wire.forEach((wire, i) =>
            expect(r.size(wire, out.visible[i]!), `${topic}.${lang}`).toBeLessThanOrEqual(r.limit),
          );
          // The "Stand" line: the date the sources were checked, in the language's own format.
          const checked = engine.content.topics.get(topic)!.text[lang].checked;
          expect(out.visible.join('\n'), `${topic}.${lang}`).toContain(
            formatDay(checked, lang, engine.content.languages),
          );
        }
      }
    });
  });
}

describe('conversation ids', () => {
  it('round-trip for Telegram chats, groups and channels', () => {
    for (const chat of [1, 123456789, -1001234567890, -42]) expect(chatIdOf(conversationId(chat))).toBe(chat);
    expect(chatIdOf('matrix:!x:y')).toBeUndefined();
    expect(chatIdOf('telegram:12abc')).toBeUndefined();
  });

  it('round-trip for Matrix rooms, whatever characters the room id has', () => {
    for (const room of ['!abc:example.org', '!a:b:c:8448', '!Üñí:exämple.org'])
      expect(roomOf(conversationOf(room))).toBe(room);
    expect(roomOf('telegram:1')).toBeUndefined();
  });
});
