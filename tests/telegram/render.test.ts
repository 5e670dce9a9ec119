import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inlineKeyboard } from '../../adapters/telegram/keyboard.js';
import { renderReply } from '../../adapters/telegram/render.js';
import { splitBlocks, TELEGRAM_TEXT_LIMIT } from '../../adapters/telegram/split.js';
import {
  bold,
  heading,
  italic,
  link,
  paragraph,
  text,
  type Block,
  type Inline,
  type Reply,
} from '../../src/message/model.js';
import { visibleText, wellFormed } from './support/bot-api-rules.js';

const SELF = 'https://t.me/KiWiderspruchTestBot';
const opts = { username: 'KiWiderspruchTestBot', inline: true };

describe('Telegram HTML rendering', () => {
  it('escapes &, < and > in text and quotes in link targets', () => {
    const [html] = splitBlocks(
      [paragraph(text('<b>Tom & "Jerry"</b>'), link('https://example.org/?a=1&b="2"', text('x<y')))],
      SELF,
    );
    expect(html).toBe(
      '&lt;b&gt;Tom &amp; "Jerry"&lt;/b&gt;<a href="https://example.org/?a=1&amp;b=&quot;2&quot;">x&lt;y</a>',
    );
  });

  it('uses only b, i and a, renders headings bold and lists as numbered or bulleted lines', () => {
    const blocks: Block[] = [
      heading(text('Titel')),
      paragraph(bold(text('fett')), text(' und '), italic(text('kursiv'))),
      { kind: 'list', ordered: true, items: [[text('eins')], [text('zwei')]] },
      { kind: 'list', ordered: false, items: [[text('a')], [text('b')]] },
    ];
    expect(splitBlocks(blocks, SELF)).toEqual([
      '<b>Titel</b>\n\n<b>fett</b> und <i>kursiv</i>\n\n1. eins\n2. zwei\n\n• a\n• b',
    ]);
  });

  it('renders "where to reach this bot" as its t.me link', () => {
    expect(splitBlocks([paragraph(italic(text('Beim Bot: '), { kind: 'self' }))], SELF)).toEqual([
      `<i>Beim Bot: <a href="${SELF}">${SELF}</a></i>`,
    ]);
  });

  it('removes control characters and text-direction overrides', () => {
    expect(splitBlocks([paragraph(text('a\u0000b\u001b[31mc\u202Ed'))], SELF)).toEqual(['ab[31mcd']);
  });

  it('shows links with other schemes as plain text', () => {
    expect(splitBlocks([paragraph(link('javascript:alert(1)', text('klick')))], SELF)).toEqual(['klick']);
  });

  it('splits a 10,000-character answer into messages within 4,096 characters, between paragraphs', () => {
    const para = (i: number): Block =>
      paragraph(
        bold(text(`Absatz ${i}: `)),
        text('Wort '.repeat(90).trim()),
        link('https://example.org', text(' & Quelle')),
      );
    const blocks = [heading(text('Lang')), ...Array.from({ length: 22 }, (_, i) => para(i))];
    const messages = splitBlocks(blocks, SELF);
    const whole = visibleText(splitBlocks(blocks, SELF, 1_000_000)[0]!);
    expect(whole.length).toBeGreaterThan(10_000);
    expect(messages.length).toBe(3);
    for (const html of messages) {
      expect(visibleText(html).length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      expect(wellFormed(html)).toBe(true);
      expect(html.startsWith('<b>')).toBe(true);
    }
    expect(messages.map(visibleText).join('\n\n')).toBe(whole);
  });

  it('cuts a single over-long line at spaces and keeps every piece well-formed', () => {
    const long = paragraph(
      bold(text('x '.repeat(3000))),
      link('https://example.org', text('y '.repeat(2000))),
    );
    const messages = splitBlocks([long], SELF);
    expect(messages.length).toBe(3);
    for (const html of messages) {
      expect(visibleText(html).length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      expect(wellFormed(html)).toBe(true);
    }
  });

  it('never cuts an emoji in half when a line has no spaces', () => {
    const messages = splitBlocks([paragraph(text('😀'.repeat(5000)))], SELF);
    expect(messages.length).toBe(3);
    for (const html of messages) {
      expect(html.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      expect(html).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    expect(messages.join('')).toBe('😀'.repeat(5000));
  });

  it('keeps a heading with the text after it', () => {
    const blocks = [
      paragraph(text('a'.repeat(4000))),
      heading(text('Neuer Abschnitt')),
      paragraph(text('b'.repeat(100))),
    ];
    expect(splitBlocks(blocks, SELF)).toEqual([
      'a'.repeat(4000),
      `<b>Neuer Abschnitt</b>\n\n${'b'.repeat(100)}`,
    ]);
  });

  it('keeps every message within the limit, well-formed and complete, for any content', () => {
    const leaf = fc
      .string({ unit: fc.constantFrom('a', 'b', ' ', '&', '<', '>', '"', '😀', 'ä', '\n'), maxLength: 40 })
      .map((s): Inline => text(s));
    const inline = fc.letrec<{ node: Inline }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('node'), { maxLength: 3 }).map((c) => bold(...c)),
        fc.array(tie('node'), { maxLength: 3 }).map((c) => italic(...c)),
        fc.array(tie('node'), { maxLength: 3 }).map((c) => link('https://example.org/?q="1"&r=2', ...c)),
      ),
    })).node;
    const block: fc.Arbitrary<Block> = fc.oneof(
      fc.array(inline, { maxLength: 6 }).map((c) => paragraph(...c)),
      fc.array(inline, { maxLength: 3 }).map((c) => heading(...c)),
      fc
        .record({
          ordered: fc.boolean(),
          items: fc.array(fc.array(inline, { maxLength: 3 }), { minLength: 1, maxLength: 4 }),
        })
        .map((l): Block => ({ kind: 'list', ...l })),
    );
    fc.assert(
      fc.property(fc.array(block, { maxLength: 8 }), fc.integer({ min: 8, max: 300 }), (blocks, limit) => {
        const messages = splitBlocks(blocks, SELF, limit);
        const whole = splitBlocks(blocks, SELF, 1_000_000).map(visibleText).join('');
        for (const html of messages) {
          expect(visibleText(html).length).toBeLessThanOrEqual(limit);
          expect(visibleText(html).length).toBeGreaterThan(0);
          expect(wellFormed(html)).toBe(true);
        }
        // Nothing but the whitespace at cuts may go missing.
        expect(messages.map(visibleText).join('').replace(/\s/g, '')).toBe(whole.replace(/\s/g, ''));
      }),
      { numRuns: 300 },
    );
  });
});

describe('Telegram inline keyboards', () => {
  const reply = (buttons: Reply['buttons']): Reply => ({ blocks: [paragraph(text('x'))], buttons });

  it('turns actions into callback data and links into url buttons', () => {
    expect(
      renderReply(
        reply([
          [{ kind: 'action', label: '📸 Instagram', action: 't:instagram' }],
          [{ kind: 'url', label: 'Formular', url: 'https://help.instagram.com/x' }],
        ]),
        opts,
      ).keyboard,
    ).toEqual({
      inline_keyboard: [
        [{ text: '📸 Instagram', callback_data: 't:instagram' }],
        [{ text: 'Formular', url: 'https://help.instagram.com/x' }],
      ],
    });
  });

  it('leaves out a button whose callback data would exceed 64 bytes', () => {
    expect(
      inlineKeyboard([[{ kind: 'action', label: 'zu lang', action: `t:${'ä'.repeat(32)}` }]], opts),
    ).toBeUndefined();
  });

  it('shares through the chat picker with inline mode, and through a t.me/share link without it', () => {
    const share = [
      [
        {
          kind: 'share',
          label: '📤 Teilen',
          topic: 'instagram',
          text: 'Instagram – so geht es & mehr',
        } as const,
      ],
    ];
    expect(inlineKeyboard(share, opts)).toEqual({
      inline_keyboard: [[{ text: '📤 Teilen', switch_inline_query: 'instagram' }]],
    });
    expect(inlineKeyboard(share, { ...opts, inline: false })).toEqual({
      inline_keyboard: [
        [
          {
            text: '📤 Teilen',
            url: 'https://t.me/share/url?url=https%3A%2F%2Ft.me%2FKiWiderspruchTestBot%3Fstart%3Dinstagram&text=Instagram%20%E2%80%93%20so%20geht%20es%20%26%20mehr',
          },
        ],
      ],
    });
  });

  it('has no keyboard when the reply has no buttons', () => {
    expect(renderReply(reply([]), opts).keyboard).toBeUndefined();
  });
});
