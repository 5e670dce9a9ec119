/**
 * Arabic on Telegram reads right to left: every line of every Arabic topic answer starts, for the client's
 * first-strong-character rule, right to left (an RLM goes before lines that would not), and still fits
 * Telegram's limit. Left-to-right messages get no marks.
 */
import { describe, expect, it } from 'vitest';
import { renderMatrix } from '../../adapters/matrix/render.js';
import { renderReply } from '../../adapters/telegram/render.js';
import { LANGUAGES } from '../../src/content/languages.js';
import { paragraph, text } from '../../src/message/model.js';
import { firstStrong, LRI, markRtlBlocks, PDI, RLM } from '../../src/render/bidi.js';
import { realContent } from '../helpers/content.js';
import { makeEngine } from '../helpers/engine.js';

const content = realContent();
const { engine } = makeEngine();

/** The visible text of a Telegram HTML message. */
const visible = (html: string): string =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(
      /&(lt|gt|quot|amp|#39);/g,
      (_, e: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&', '#39': "'" })[e]!,
    );

describe('right to left in chat messages', () => {
  for (const spec of LANGUAGES) {
    it(`${spec.code} (${spec.dir}): every line of every topic answer starts in the language's direction`, () => {
      let lines = 0;
      for (const topic of content.topics.values()) {
        for (const html of renderReply(engine.topicReply(topic.id, spec.code), {
          username: 'test_bot',
          inline: false,
        }).messages) {
          const shown = visible(html);
          expect(shown.length, `${topic.id}.${spec.code}`).toBeLessThanOrEqual(4096);
          if (spec.dir === 'ltr') expect(shown).not.toContain(RLM);
          for (const line of shown.split('\n')) {
            const dir = firstStrong(line);
            if (!dir) continue;
            lines++;
            if (spec.dir === 'rtl') expect(dir, `${topic.id}.${spec.code}: ${line.slice(0, 40)}`).toBe('rtl');
          }
        }
      }
      expect(lines).toBeGreaterThan(content.topics.size);
    });
  }

  it('marks only the blocks of a mostly right-to-left message that would start left to right', () => {
    const ar = [
      paragraph(text('Google Gemini: إبعاد المحادثات عن تدريب الذكاء الاصطناعي')),
      paragraph(text('مرحبا')),
    ];
    const marked = markRtlBlocks(ar);
    expect(marked[0]).toEqual(
      paragraph(text(RLM), text(`${LRI}Google Gemini${PDI}: إبعاد المحادثات عن تدريب الذكاء الاصطناعي`)),
    );
    expect(marked[1]).toEqual(ar[1]);
    const en = [paragraph(text('WhatsApp: مرحبا is "hello" in Arabic'))];
    expect(markRtlBlocks(en)).toBe(en);
  });

  it('on Matrix too: every Arabic event body starts right to left', () => {
    for (const topic of content.topics.values()) {
      const { events } = renderMatrix(engine.topicReply(topic.id, 'ar'), { selfUserId: '@bot:example.org' });
      for (const e of events) expect(firstStrong(e.body), `${topic.id}.ar`).toBe('rtl');
    }
    const { events } = renderMatrix(engine.topicReply('gemini', 'de'), { selfUserId: '@bot:example.org' });
    expect(events.map((e) => e.body).join('')).not.toContain(RLM);
  });
});
