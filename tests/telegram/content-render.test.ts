import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandList } from '../../adapters/telegram/commands.js';
import { inlineMessageHtml } from '../../adapters/telegram/inline.js';
import { renderReply } from '../../adapters/telegram/render.js';
import { LANGS } from '../../src/content/types.js';
import { Engine } from '../../src/engine/engine.js';
import { testContent } from './support/harness.js';
import { visibleText, wellFormed } from './support/bot-api-rules.js';
import { MemoryPreferenceStore } from '../helpers/fakes.js';

const engine = new Engine({ content: testContent(), preferences: new MemoryPreferenceStore() });
const opts = { username: 'KiWiderspruchTestBot', inline: true };

function expectSendable(rendered: ReturnType<typeof renderReply>): void {
  expect(rendered.messages.length).toBeGreaterThan(0);
  for (const html of rendered.messages) {
    expect(wellFormed(html)).toBe(true);
    const length = visibleText(html).length;
    expect(length).toBeGreaterThan(0);
    expect(length).toBeLessThanOrEqual(4096);
  }
  for (const button of rendered.keyboard?.inline_keyboard.flat() ?? []) {
    expect(button.text.trim()).not.toBe('');
    if ('callback_data' in button) expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(64);
  }
}

describe('the real content on Telegram', () => {
  it('renders every topic in every language as sendable messages and keyboards', () => {
    for (const id of engine.content.topics.keys()) {
      for (const lang of LANGS) {
        expectSendable(renderReply(engine.topicReply(id, lang), opts));
        expect(visibleText(inlineMessageHtml(engine, id, lang, opts.username)).length).toBeLessThanOrEqual(
          4096,
        );
      }
    }
  });

  it('has valid command menus in both languages', () => {
    for (const lang of LANGS) {
      const list = commandList(engine.content, lang);
      expect(list.length).toBeGreaterThan(8);
      expect(new Set(list.map((c) => c.command)).size).toBe(list.length);
    }
  });

  it('renders the answer to any user text as sendable messages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.constantFrom('de', 'en', undefined),
        async (input, hint) => {
          const replies = await engine.handle({
            conversation: 'telegram:1',
            text: input,
            languageHint: hint,
          });
          for (const reply of replies) expectSendable(renderReply(reply, opts));
        },
      ),
      { numRuns: 200 },
    );
  });
});
