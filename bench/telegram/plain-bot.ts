/**
 * The baseline: a grammY bot written the way grammY's guide shows (bot.command + ctx.reply, bot.start()
 * with its default long polling), answering the same commands from the same engine and renderer.
 */
import { Bot } from 'grammy';
import type { Engine } from '../../src/engine/engine.js';
import { renderReply } from '../../adapters/telegram/render.js';

export interface PlainBot {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createPlainBot(
  token: string,
  apiRoot: string,
  engine: Engine,
  commands: readonly string[],
): PlainBot {
  const bot = new Bot(token, { client: { apiRoot } });
  bot.command([...commands], async (ctx) => {
    const replies = await engine.handle({
      conversation: `telegram:${ctx.chat.id}`,
      text: ctx.message?.text,
      languageHint: ctx.from?.language_code,
    });
    for (const reply of replies) {
      const rendered = renderReply(reply, {
        username: ctx.me.username,
        inline: ctx.me.supports_inline_queries,
      });
      for (const [i, html] of rendered.messages.entries()) {
        const last = i === rendered.messages.length - 1;
        await ctx.reply(html, {
          parse_mode: 'HTML',
          ...(last && rendered.keyboard ? { reply_markup: rendered.keyboard } : {}),
        });
      }
    }
  });
  bot.catch(() => undefined);
  let running: Promise<void> | undefined;
  return {
    start: () =>
      new Promise<void>((resolve, reject) => {
        running = bot.start({ onStart: () => resolve() }).catch(reject);
      }),
    stop: async () => {
      await bot.stop();
      await running;
    },
  };
}
