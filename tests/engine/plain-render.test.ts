import { describe, expect, it } from 'vitest';
import { parseBlocks } from '../../src/content/markdown.js';
import type { Reply } from '../../src/message/model.js';
import { parseChoice } from '../../src/render/choices.js';
import { renderPlain } from '../../src/render/plain.js';

describe('the plain-text renderer', () => {
  const reply: Reply = {
    blocks: parseBlocks(
      '## Titel\n\nText mit **fett**, _kursiv_ und [Link](https://example.org).\n\n1. eins\n2. zwei\n\n- a\n- b',
    ),
    buttons: [
      [
        { kind: 'action', label: 'Instagram', action: 't:instagram' },
        { kind: 'url', label: 'Formular', url: 'https://example.org/f' },
      ],
      [{ kind: 'share', label: 'Teilen', topic: 'instagram', text: 'So widersprichst du' }],
    ],
  };

  it('shows links with their address, lists with markers, and buttons as numbered choices', () => {
    const out = renderPlain(reply, { self: 'bot' });
    expect(out.text).toContain('Link <https://example.org>');
    expect(out.text).toContain('1. eins\n2. zwei');
    expect(out.text).toContain('• a\n• b');
    expect(out.text).toContain('[1] Instagram  [2] Formular <https://example.org/f>');
    expect(out.text).toContain('Teilen: So widersprichst du');
    expect(out.choices.map((c) => c.label)).toEqual(['Instagram', 'Formular']);
  });

  it('uses ANSI bold only when asked to', () => {
    expect(renderPlain(reply, { self: 'bot' }).text).not.toContain('\u001b');
    expect(renderPlain(reply, { self: 'bot', ansi: true }).text).toContain('\u001b[1mfett\u001b[22m');
  });

  it('removes terminal escapes hidden in text and labels', () => {
    const evil: Reply = {
      blocks: [{ kind: 'paragraph', content: [{ kind: 'text', text: 'a\u001b]0;pwned\u0007b\u202Ec' }] }],
      buttons: [[{ kind: 'action', label: '\u001b[2Jx', action: 'm' }]],
    };
    const out = renderPlain(evil, { self: 'bot' }).text;
    expect(out).toBe('a]0;pwnedbc\n\n[1] [2Jx');
  });

  it('reads a choice number with or without a dot', () => {
    expect(parseChoice('3')).toBe(3);
    expect(parseChoice(' 12. ')).toBe(12);
    expect(parseChoice('3 Instagram')).toBeUndefined();
  });
});
