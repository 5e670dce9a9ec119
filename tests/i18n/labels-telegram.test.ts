/**
 * Turkish, Ukrainian and Arabic Telegram users asking for /instagram and /facebook see the in-app labels in
 * their language, the German ones only in brackets, and the note that the labels are unchecked; in Arabic
 * every /command sits inside a left-to-right isolate and is a bot_command for Telegram. Real adapter on real
 * grammY against the strict fake Bot API, with a copy of the real content whose instagram and facebook steps
 * in tr, uk and ar name their labels by id (tests/fixtures/i18n-rules/telegram/), and the shipped content.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { germanLabelsOutsideBrackets } from '../../src/content/i18n-check.js';
import { loadContent } from '../../src/content/loader.js';
import type { Content } from '../../src/content/types.js';
import { composedAnswers } from '../../src/engine/answer-measure.js';
import { LRI, PDI } from '../../src/render/bidi.js';
import { contentCopy } from '../helpers/content.js';
import { htmlText, textFrom } from '../helpers/telegram-text.js';
import { botCommandEntities } from '../telegram/support/bot-api-rules.js';
import type { RecordedCall } from '../telegram/support/fake-bot-api.js';
import { startHarness, type Harness } from '../telegram/support/harness.js';

const FIXTURES = resolve('tests/fixtures/i18n-rules/telegram');

/** What Telegram shows: tags gone, entities decoded (isolates kept: they are part of the text). */
const shown = (call: RecordedCall): string => htmlText(String(call.params.text));

const USERS = [
  { lang: 'tr', chat: 9201, policy: '“Gizlilik İlkesi”', settings: '“Ayarlar ve gizlilik”' },
  {
    lang: 'uk',
    chat: 9202,
    policy: '«Політика конфіденційності»',
    settings: '«Налаштування та конфіденційність»',
  },
  { lang: 'ar', chat: 9203, policy: '«سياسة الخصوصية»', settings: '«الإعدادات والخصوصية»' },
] as const;

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function expectLabels(content: Content, h: Harness): Promise<void> {
  h.engine.reload(content);
  const germanLabels = new Set([...content.labels!.values()].map((l) => l.byLang.de!.text!));
  for (const user of USERS) {
    for (const [command, label] of [
      ['/instagram', user.policy],
      ['/facebook', user.settings],
    ] as const) {
      const mine = (c: RecordedCall): boolean => c.method === 'sendMessage' && c.params.chat_id === user.chat;
      const before = h.fake.calls.filter(mine).length;
      h.fake.push(textFrom(command, user.chat, user.lang));
      const calls = await h.fake.waitFor((all) =>
        all
          .filter(mine)
          .slice(before)
          .some((c) =>
            shown(c)
              .replace(/[\u2066\u2069]/g, '')
              .includes(label),
          ),
      );
      const answer = calls.filter(mine).slice(before).map(shown).join('\n');
      const plain = answer.replace(/[\u2066\u2069\u200f]/g, '');
      expect(plain, `${user.lang} ${command}`).toContain(label);
      expect(plain).toContain(content.ui[user.lang].labels_unconfirmed);
      expect(plain).toMatch(/\(„(Datenschutzrichtlinie|Einstellungen und Privatsphäre)“\)/);
      expect(germanLabelsOutsideBrackets(plain, germanLabels), `${user.lang} ${command}`).toEqual([]);
      if (user.lang === 'ar') {
        const commands = [...answer.matchAll(/(?<![\p{L}\p{N}_/:.])\/[a-z_]+(?![\w/])/gu)];
        expect(commands.length).toBeGreaterThan(0);
        const tappable = botCommandEntities(answer).map((e) => answer.slice(e.offset, e.offset + e.length));
        for (const m of commands) {
          const upTo = answer.slice(0, m.index);
          expect(upTo.lastIndexOf(LRI), m[0]).toBeGreaterThan(upTo.lastIndexOf(PDI));
          expect(tappable).toContain(m[0]);
        }
      }
    }
  }
}

describe('labels in the reader’s language on Telegram', () => {
  it('the shipped content: tr, uk and ar users’ /instagram and /facebook name their labels, German only in brackets', async () => {
    const h = await startHarness();
    cleanup = () => h.stop();
    await expectLabels(loadContent(resolve('content'), { composed: composedAnswers }), h);
  });

  it('a fixture copy whose steps use only label ids: the same, independent of the shipped wording', async () => {
    const copy = contentCopy();
    for (const topic of ['instagram', 'facebook'])
      for (const { lang } of USERS) {
        const body = readFileSync(join(FIXTURES, `${topic}.${lang}.md.body`), 'utf8');
        copy.edit(`topics/${topic}.${lang}.md`, (t) => t.replace(/\n---\n[\s\S]*$/, `\n---\n${body}`));
      }
    const h = await startHarness();
    cleanup = async () => {
      await h.stop();
      copy.cleanup();
    };
    await expectLabels(loadContent(copy.dir), h);
  });
});
