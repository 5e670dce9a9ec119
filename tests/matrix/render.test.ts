import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, matrixToUser } from '../../adapters/matrix/html.js';
import { renderMatrix } from '../../adapters/matrix/render.js';
import type { Block, Inline, Reply } from '../../src/message/model.js';

const SELF = '@bot:example.org';
const para = (...content: Inline[]): Block => ({ kind: 'paragraph', content });
const text = (t: string): Inline => ({ kind: 'text', text: t });
const ALLOWED_TAGS = new Set(['p', 'strong', 'em', 'a', 'br', 'ul', 'ol', 'li']);
const tagsOf = (html: string): string[] =>
  [...html.matchAll(/<\/?([a-zA-Z0-9-]+)/g)].map((m) => m[1]!.toLowerCase());

describe('Matrix rendering', () => {
  it('renders headings, emphasis, links, lists and the bot address with allowed tags only', () => {
    const reply: Reply = {
      blocks: [
        { kind: 'heading', content: [text('Titel')] },
        para({ kind: 'bold', children: [text('fett')] }, text(' und '), {
          kind: 'italic',
          children: [text('kursiv')],
        }),
        para({ kind: 'link', href: 'https://example.org/a?b=1&c=2', children: [text('Link')] }, text(' '), {
          kind: 'self',
        }),
        { kind: 'list', ordered: true, items: [[text('eins')], [text('zwei')]] },
      ],
      buttons: [],
    };
    const [event] = renderMatrix(reply, { selfUserId: SELF }).events;
    expect(event!.msgtype).toBe('m.notice');
    expect(event!.format).toBe('org.matrix.custom.html');
    expect(event!.formatted_body).toBe(
      '<p><strong>Titel</strong></p><p><strong>fett</strong> und <em>kursiv</em></p>' +
        '<p><a href="https://example.org/a?b=1&amp;c=2">Link</a> <a href="https://matrix.to/#/@bot:example.org">@bot:example.org</a></p>' +
        '<ol><li>eins</li><li>zwei</li></ol>',
    );
    expect(event!.body).toBe(
      'Titel\n\nfett und kursiv\n\nLink <https://example.org/a?b=1&c=2> https://matrix.to/#/@bot:example.org\n\n1. eins\n2. zwei',
    );
  });

  it('drops links that are not http(s) but keeps their label', () => {
    const reply: Reply = {
      blocks: [para({ kind: 'link', href: 'javascript:alert(1)', children: [text('klick')] })],
      buttons: [],
    };
    expect(renderMatrix(reply, { selfUserId: SELF }).events[0]!.formatted_body).toBe('<p>klick</p>');
  });

  it('escapes markup and removes control characters from any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string(), (value, label) => {
        const reply: Reply = {
          blocks: [para(text(value), { kind: 'bold', children: [text(label)] })],
          buttons: [
            [{ kind: 'action', label, action: 'm' }],
            [{ kind: 'share', label, topic: 't', text: value }],
          ],
        };
        for (const event of renderMatrix(reply, { selfUserId: SELF, choiceHint: value }).events) {
          expect(tagsOf(event.formatted_body).every((t) => ALLOWED_TAGS.has(t))).toBe(true);
          expect(event.body + event.formatted_body).not.toMatch(
            // eslint-disable-next-line no-control-regex
            /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E]/,
          );
        }
      }),
    );
    expect(escapeHtml('<a href="x">\'&')).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
  });

  it('numbers action and URL buttons and turns share buttons into a line to forward', () => {
    const reply: Reply = {
      blocks: [para(text('Antwort'))],
      buttons: [
        [
          { kind: 'action', label: 'Instagram', action: 't:instagram' },
          { kind: 'url', label: 'Formular', url: 'https://example.org/f' },
        ],
        [{ kind: 'share', label: 'Teilen', topic: 'instagram', text: 'So widersprichst du' }],
      ],
    };
    const rendering = renderMatrix(reply, { selfUserId: SELF, choiceHint: 'Antworte mit einer Zahl.' });
    expect(rendering.choices.map((c) => c.label)).toEqual(['Instagram', 'Formular']);
    const { body, formatted_body } = rendering.events[0]!;
    expect(body).toContain('Teilen: So widersprichst du https://matrix.to/#/@bot:example.org');
    expect(body).toContain('[1] Instagram  [2] Formular <https://example.org/f>');
    expect(body).toContain('Antworte mit einer Zahl.');
    expect(formatted_body).toContain('<a href="https://example.org/f"><strong>2</strong> Formular</a>');
  });

  it('splits a long answer at block boundaries, keeping every event well under 64 KiB', () => {
    const blocks = Array.from({ length: 120 }, (_, i) =>
      para(text(`Absatz ${i}: ${'Widerspruch gegen KI-Training – äöü „<>“ '.repeat(20)}`)),
    );
    const rendering = renderMatrix(
      { blocks, buttons: [[{ kind: 'action', label: 'Menü', action: 'm' }]] },
      { selfUserId: SELF },
    );
    expect(rendering.events.length).toBeGreaterThan(3);
    for (const event of rendering.events) {
      expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThan(32 * 1024);
      expect(event.formatted_body.startsWith('<p>')).toBe(true);
      expect(event.formatted_body.endsWith('</p>')).toBe(true);
    }
    const all = rendering.events.map((e) => e.body).join('\n\n');
    const order = [...all.matchAll(/Absatz (\d+):/g)].map((m) => Number(m[1]));
    expect(order).toEqual(blocks.map((_, i) => i));
    expect(rendering.events.at(-1)!.body).toContain('[1] Menü');
  });

  it('cuts a single block that alone is too big into plain chunks', () => {
    const huge = 'Wort '.repeat(20_000);
    const rendering = renderMatrix(
      { blocks: [para(text(huge))], buttons: [] },
      { selfUserId: SELF, maxContentBytes: 8 * 1024 },
    );
    expect(rendering.events.length).toBeGreaterThan(10);
    for (const event of rendering.events)
      expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThan(8 * 1024);
    expect(
      rendering.events
        .map((e) => e.body)
        .join(' ')
        .split(/\s+/)
        .filter(Boolean),
    ).toHaveLength(20_000);
  });

  it('links to the bot on matrix.to in readable form', () => {
    expect(matrixToUser('@ki-bot:matrix.example.org')).toBe('https://matrix.to/#/@ki-bot:matrix.example.org');
    expect(matrixToUser('@a b:x')).toBe('https://matrix.to/#/@a%20b:x');
  });
});
