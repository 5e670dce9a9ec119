/**
 * Engine benchmark: replies per second for a mix of commands, buttons and free text, against grammY's own
 * in-process update handling as the baseline (bot.handleUpdate with a bot.command + ctx.reply whose API
 * calls are answered in memory), and heap after 100,000 different users who only read.
 */
import { Bot } from 'grammy';
import { resolve } from 'node:path';
import { loadContent } from '../src/content/loader.js';
import { Engine, type IncomingEvent } from '../src/engine/engine.js';
import { MemoryPreferenceStore } from '../tests/helpers/fakes.js';

const MIX: Omit<IncomingEvent, 'conversation'>[] = [
  { text: '/instagram' },
  { text: '/facebook' },
  { text: 'Wie widerspreche ich bei Instagram?' },
  { text: 'insta' },
  { text: 'whatsap' },
  { text: 'Was ist mit dem Facebook Messenger?' },
  { action: 't:threads' },
  { text: '/frist' },
  { text: '/start' },
  { text: 'Wetter morgen?' },
];

export interface EngineBenchResult {
  readonly repliesPerSecond: number;
  readonly grammyUpdatesPerSecond: number;
  readonly heapAfter1kUsersMB: number;
  readonly heapAfter100kUsersMB: number;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function measureEngine(engine: Engine, seconds: number): Promise<number> {
  let n = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++, n++) {
      await engine.handle({ conversation: `bench:${n % 5000}`, languageHint: 'de', ...MIX[n % MIX.length]! });
    }
  }
  return n / seconds;
}

async function measureGrammy(seconds: number): Promise<number> {
  const bot = new Bot('123456:bench-token-aaaaaaaaaaaaaaaaaaaa', {
    botInfo: {
      id: 1,
      is_bot: true,
      first_name: 'b',
      username: 'b_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
    } as never,
  });
  bot.api.config.use(() => Promise.resolve({ ok: true, result: true } as never));
  for (const c of ['instagram', 'facebook', 'frist', 'start']) bot.command(c, (ctx) => ctx.reply(c));
  bot.on('message', (ctx) => ctx.reply('?'));
  let n = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++, n++) {
      const text = ['/instagram', '/facebook', 'hallo', '/frist'][n % 4]!;
      await bot.handleUpdate({
        update_id: n,
        message: {
          message_id: n,
          date: 0,
          chat: { id: n % 5000, type: 'private', first_name: 'x' },
          from: { id: n % 5000, is_bot: false, first_name: 'x' },
          text,
          ...(text.startsWith('/')
            ? { entities: [{ type: 'bot_command', offset: 0, length: text.length }] }
            : {}),
        },
      });
    }
  }
  return n / seconds;
}

async function heapAfterUsers(engine: Engine, users: number): Promise<number> {
  for (let u = 0; u < users; u++) {
    await engine.handle({
      conversation: `reader:${u}`,
      text: MIX[u % MIX.length]!.text ?? '/start',
      languageHint: 'de',
    });
  }
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

export async function runEngineBench(seconds = 5): Promise<EngineBenchResult> {
  const content = loadContent(resolve('content'));
  const engine = new Engine({ content, preferences: new MemoryPreferenceStore() });
  await measureEngine(engine, 0.5); // warm-up
  const repliesPerSecond = await measureEngine(engine, seconds);
  await measureGrammy(0.5);
  const grammyUpdatesPerSecond = await measureGrammy(seconds);

  const fresh = new Engine({ content, preferences: new MemoryPreferenceStore() });
  const heapAfter1kUsersMB = await heapAfterUsers(fresh, 1_000);
  const heapAfter100kUsersMB = await heapAfterUsers(fresh, 100_000);
  return { repliesPerSecond, grammyUpdatesPerSecond, heapAfter1kUsersMB, heapAfter100kUsersMB };
}

export function printEngineBench(r: EngineBenchResult): void {
  const f = (n: number) => Math.round(n).toLocaleString('en');
  console.log('engine (one core, in-process)');
  console.log(`  engine replies/s            ${f(r.repliesPerSecond).padStart(12)}   target >= 200,000`);
  console.log(`  grammY handleUpdate/s       ${f(r.grammyUpdatesPerSecond).padStart(12)}   baseline`);
  console.log(
    `  ratio engine / grammY       ${(r.repliesPerSecond / r.grammyUpdatesPerSecond).toFixed(2).padStart(12)}x`,
  );
  console.log(`  heap after 1k readers       ${r.heapAfter1kUsersMB.toFixed(1).padStart(12)} MB`);
  console.log(
    `  heap after 100k readers     ${r.heapAfter100kUsersMB.toFixed(1).padStart(12)} MB   growth ${(r.heapAfter100kUsersMB - r.heapAfter1kUsersMB).toFixed(1)} MB`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printEngineBench(await runEngineBench(Number(process.env.BENCH_SECONDS ?? 5)));
}
