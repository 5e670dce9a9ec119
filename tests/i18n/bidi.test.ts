/**
 * Latin runs in Arabic text (review 2026-12-05, AR-7 to AR-9): each is wrapped in U+2066 LRI … U+2069 PDI,
 * so that "/reset-ai" keeps its slash on the left and „…Meta?“ its question mark on the right; a command
 * glued to an Arabic letter gets a space, so Telegram can make it a bot command. The review's examples,
 * code point by code point.
 */
import { describe, expect, it } from 'vitest';
import { renderMatrix } from '../../adapters/matrix/render.js';
import { renderReply } from '../../adapters/telegram/render.js';
import { paragraph, text } from '../../src/message/model.js';
import { isolateLtrRuns, LRI, markLtrRuns, markRtlBlocks, PDI, RLM, LRM } from '../../src/render/bidi.js';
import { cleanText, excerpt } from '../../src/render/sanitize.js';
import { realContent } from '../helpers/content.js';
import { makeEngine } from '../helpers/engine.js';
import { botCommandEntities, visibleText } from '../telegram/support/bot-api-rules.js';

const I = (s: string): string => `${LRI}${s}${PDI}`;
const codePoints = (s: string): string[] =>
  Array.from(s, (c) => 'U+' + c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0'));

describe('left-to-right isolates in Arabic text', () => {
  it('the review examples: commands, a list of commands, a glued command, a German question, !instagram', () => {
    const cases: [string, string][] = [
      [
        '- ميتا: /instagram، /facebook، /threads',
        `- ميتا: ${I('/instagram')}، ${I('/facebook')}، ${I('/threads')}`,
      ],
      ['/rechte: الحذف والشكوى', `${I('/rechte')}: الحذف والشكوى`],
      ['الأمر „/reset-ai“ في محادثة', `الأمر ${I('„/reset-ai“')} في محادثة`],
      ['/instagram و/facebook و/whatsapp', `${I('/instagram')} و ${I('/facebook')} و ${I('/whatsapp')}`],
      ['بالأمر بـ/stopp', `بالأمر بـ ${I('/stopp')}`],
      [
        '4. „Bezieht sich deine Anfrage auf KI bei Meta?“ ← „Ja“ (نعم).',
        `4. ${I('„Bezieht sich deine Anfrage auf KI bei Meta?“')} ← ${I('„Ja“')} (نعم).`,
      ],
      ['يمكنك كتابة !instagram فقط.', `يمكنك كتابة ${I('!instagram')} فقط.`],
      ['In welcher Sprache soll ich antworten?', I('In welcher Sprache soll ich antworten?')],
      ['افتح https://gemini.google.com.', `افتح ${I('https://gemini.google.com')}.`],
      ['منذ 27 مايو 2025', 'منذ 27 مايو 2025'],
    ];
    for (const [input, expected] of cases)
      expect(codePoints(isolateLtrRuns(input)), input).toEqual(codePoints(expected));
    // The exact code points of one: U+2066 "/" … U+2069, the colon outside.
    expect(codePoints(isolateLtrRuns('/rechte:')).slice(0, 2)).toEqual(['U+2066', 'U+002F']);
    expect(codePoints(isolateLtrRuns('/rechte:')).slice(-2)).toEqual(['U+2069', 'U+003A']);
  });

  it('U+200E marks instead, for a client that ignores isolates: before the sigil, after a trailing "?"', () => {
    expect(markLtrRuns('الأمر /reset-ai في')).toBe(`الأمر ${LRM}/reset-ai في`);
    expect(markLtrRuns('„Meta?“ ←')).toBe(`${LRM}„Meta?“${LRM} ←`);
  });

  it('a mostly Arabic message gets isolates and its RLMs; a left-to-right one stays as it is', () => {
    const ar = [paragraph(text('/rechte: الحذف والشكوى وماذا تفعل إذا رفضت ميتا'))];
    expect(markRtlBlocks(ar)).toEqual([
      paragraph(text(RLM), text(`${I('/rechte')}: الحذف والشكوى وماذا تفعل إذا رفضت ميتا`)),
    ]);
    const de = [paragraph(text('Lehnt Meta ab: /rechte'))];
    expect(markRtlBlocks(de)).toBe(de);
  });

  it('renderers keep a closed isolate and drop stray bidi controls (user text cannot reorder the answer)', () => {
    expect(cleanText(`a${LRI}b${PDI}c`)).toBe(`a${LRI}b${PDI}c`);
    expect(cleanText(`a${LRI}b`)).toBe('ab');
    expect(cleanText(`a${PDI}b\u202Ec\u2067d`)).toBe('abcd');
    expect(cleanText(`${LRI}${LRI}x${PDI}`)).toBe(`${LRI}x${PDI}`);
    expect(excerpt(`x${LRI}y${PDI}`)).toBe('xy');
  });

  it('every /command of every Arabic answer sits in an isolate and is a Telegram bot_command; on Matrix too', () => {
    const content = realContent();
    const { engine } = makeEngine();
    let commands = 0;
    for (const topic of content.topics.values()) {
      const reply = engine.topicReply(topic.id, 'ar');
      for (const html of renderReply(reply, { username: 'test_bot', inline: false }).messages) {
        const shown = visibleText(html);
        const entities = botCommandEntities(shown).map((e) => shown.slice(e.offset, e.offset + e.length));
        for (const m of shown.matchAll(/(?<![\p{L}\p{N}_/:.])\/[a-z_]+(?![\w/])/gu)) {
          commands++;
          const before = shown.slice(0, m.index);
          expect(before.lastIndexOf(LRI), `${topic.id}: ${m[0]}`).toBeGreaterThan(before.lastIndexOf(PDI));
          expect(entities, `${topic.id}: ${m[0]} tappable`).toContain(m[0]);
        }
      }
      for (const e of renderMatrix(reply, { selfUserId: '@bot:example.org' }).events)
        for (const m of e.body.matchAll(/(?<![\p{L}\p{N}_/:.])\/[a-z_]+(?![\w/])/gu)) {
          const before = e.body.slice(0, m.index);
          expect(before.lastIndexOf(LRI), `matrix ${topic.id}: ${m[0]}`).toBeGreaterThan(
            before.lastIndexOf(PDI),
          );
        }
    }
    expect(commands).toBeGreaterThan(20);
  });
});
