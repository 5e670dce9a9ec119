/**
 * Turkish, Ukrainian and Arabic Telegram users asking for /instagram and /facebook see the in-app labels in
 * their language, the German ones only in brackets, and the note that the labels are unchecked; in Arabic
 * every /command sits inside a left-to-right isolate and is a bot_command for Telegram. Real adapter on real
 * grammY against the strict fake Bot API, with a copy of the real content whose instagram and facebook steps
 * in tr, uk and ar name their labels by id (tests/fixtures/i18n-rules/telegram/).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { germanLabelsOutsideBrackets } from '../../src/content/i18n-check.js';
import { loadContent } from '../../src/content/loader.js';
import { LRI, PDI } from '../../src/render/bidi.js';
import { contentCopy } from '../helpers/content.js';
import { botCommandEntities } from '../telegram/support/bot-api-rules.js';
import type { RecordedCall } from '../telegram/support/fake-bot-api.js';
import { startHarness } from '../telegram/support/harness.js';
import { textMessage } from '../telegram/support/updates.js';

const FIXTURES = resolve('tests/fixtures/i18n-rules/telegram');

/** What Telegram shows: tags gone, entities decoded (isolates kept: they are part of the text). */
const shown = (call: RecordedCall): string =>
  String(call.params.text)
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

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

describe('labels in the reader’s language on Telegram', () => {
  it('tr, uk and ar users: /instagram and /facebook name their labels, German only in brackets', async () => {
    const copy = contentCopy();
    for (const topic of ['instagram', 'facebook'])
      for (const { lang } of USERS) {
        const body = readFileSync(join(FIXTURES, `${topic}.${lang}.md.body`), 'utf8');
        copy.edit(`topics/${topic}.${lang}.md`, (t) => t.replace(/\n---\n[\s\S]*$/, `\n---\n${body}`));
      }
    const content = loadContent(copy.dir);
    const h = await startHarness();
    cleanup = async () => {
      await h.stop();
      copy.cleanup();
    };
    h.engine.reload(content);
    const germanLabels = new Set([...content.labels!.values()].map((l) => l.byLang.de!.text!));

    for (const user of USERS) {
      for (const [command, label] of [
        ['/instagram', user.policy],
        ['/facebook', user.settings],
      ] as const) {
        const update = textMessage(command, 'private_start', { id: user.chat });
        update.message!.from = { ...update.message!.from, language_code: user.lang };
        h.fake.push(update);
        const calls = await h.fake.waitFor((all) =>
          all.some(
            (c) =>
              c.method === 'sendMessage' &&
              c.params.chat_id === user.chat &&
              shown(c)
                .replace(/[\u2066\u2069]/g, '')
                .includes(label),
          ),
        );
        const answer = calls
          .filter((c) => c.method === 'sendMessage' && c.params.chat_id === user.chat)
          .map(shown)
          .join('\n');
        const plain = answer.replace(/[\u2066\u2069\u200f]/g, '');
        expect(plain, `${user.lang} ${command}`).toContain(label);
        expect(plain).toContain(content.ui[user.lang].labels_unconfirmed);
        expect(plain).toContain('(„Datenschutzrichtlinie“)');
        expect(germanLabelsOutsideBrackets(plain, germanLabels), `${user.lang} ${command}`).toEqual([]);
        if (user.lang === 'ar') {
          const commands = [...answer.matchAll(/(?<![\p{L}\p{N}_/:.])\/[a-z_]+(?![\w/])/gu)];
          expect(commands.length).toBeGreaterThan(0);
          const tappable = botCommandEntities(answer).map((e) => answer.slice(e.offset, e.offset + e.length));
          for (const m of commands) {
            const before = answer.slice(0, m.index);
            expect(before.lastIndexOf(LRI), m[0]).toBeGreaterThan(before.lastIndexOf(PDI));
            expect(tappable).toContain(m[0]);
          }
        }
      }
    }
  });
});
