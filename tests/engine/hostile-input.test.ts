import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_VISIBLE_CHARS } from '../../src/content/limits.js';
import { visibleLength } from '../../src/render/measure.js';
import { renderPlain } from '../../src/render/plain.js';
import { makeEngine } from '../helpers/engine.js';

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.constantFrom(
    '<script>alert(1)</script>',
    '<b>bold</b> & <a href="javascript:alert(1)">x</a>',
    '\u202Eevil\u202C instagram',
    '\u0000\u0007\u001b[31mred\u001b[0m',
    '👩‍👩‍👧‍👦🏳️‍🌈 facebook 🙈',
    '/start ../../etc/passwd',
    '/sprache <img src=x>',
    '/quellen **bold** [x](javascript:alert(1))',
    '!' + 'a'.repeat(5000),
    '\uD800 lone surrogate',
  ),
  fc.string({ maxLength: 20 }).map((s) => s.repeat(5000)),
);

describe('hostile and random input', () => {
  it('always gets an answer within the limits and never an exception', async () => {
    const { engine } = makeEngine();
    await fc.assert(
      fc.asyncProperty(
        hostile,
        fc.option(fc.string({ maxLength: 64 })),
        fc.option(fc.string({ maxLength: 12 })),
        async (text, action, hint) => {
          const replies = await engine.handle({
            conversation: 'prop:1',
            text,
            action: action ?? undefined,
            languageHint: hint ?? undefined,
          });
          expect(replies.length).toBeGreaterThan(0);
          for (const reply of replies) {
            expect(visibleLength(reply.blocks)).toBeLessThanOrEqual(MAX_VISIBLE_CHARS);
            for (const b of reply.buttons.flat())
              if (b.kind === 'action') expect(Buffer.byteLength(b.action)).toBeLessThanOrEqual(64);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('answers a 100 kB message quickly and in bounded size', async () => {
    const { engine } = makeEngine();
    const big = 'Wie widerspreche ich bei Instagram? '.repeat(3000);
    expect(big.length).toBeGreaterThan(100_000);
    const [reply] = await engine.handle({ conversation: 'prop:2', text: big });
    expect(reply?.topic).toBe('instagram');
  });

  it('never lets control characters or bidi overrides from input reach the plain output', async () => {
    const { engine } = makeEngine();
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (text) => {
        for (const reply of await engine.handle({ conversation: 'prop:3', text: `zzq ${text}` })) {
          const out = renderPlain(reply, { self: 'bot' }).text;
          expect(out).not.toMatch(
            // eslint-disable-next-line no-control-regex
            /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/,
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});
