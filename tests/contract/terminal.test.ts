/**
 * The terminal chat passes the adapter contract kit, on in-memory streams: it has no length limit, no rate
 * limits, no blocking and no redelivery, and the kit names the cases it skips for that.
 */
import { PassThrough, Writable } from 'node:stream';
import { createTerminalChat, TERMINAL_CONVERSATION } from '../../adapters/terminal/terminal.js';
import { silentLogger } from '../../src/logger.js';
import { PLATFORMS } from '../../src/platforms.js';
import { MemoryPreferenceStore } from '../helpers/fakes.js';
import { Engine } from '../../src/engine/engine.js';
import { testContent } from '../telegram/support/harness.js';
import { runAdapterContract, type AdapterDriver, type Received } from './adapter-kit.js';

/** Numbered choices as the plain renderer writes them: "[1] Instagram  [2] Facebook". */
const choicesIn = (text: string): string[] =>
  [...text.matchAll(/\[(\d{1,2})\] (.+?)(?=\s{2}\[\d{1,2}\] |\n|$)/g)].map((m) => m[2]!);

async function startTerminal(): Promise<AdapterDriver> {
  const input = new PassThrough();
  const writes: string[] = [];
  // Each reply (and each reminder) is one write: one message.
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk.toString('utf8').trim());
      done();
    },
  });
  const engine = new Engine({ content: testContent(), preferences: new MemoryPreferenceStore() });
  const chat = createTerminalChat(engine, {
    input,
    output,
    interactive: false,
    logger: silentLogger,
    languageHint: 'de',
  });
  await chat.start();
  const say = (text: string): Promise<void> => {
    input.write(`${text}\n`);
    return Promise.resolve();
  };
  const unsupported = (what: string) => () => {
    throw new Error(`the terminal chat cannot ${what}`);
  };
  return {
    conversation: TERMINAL_CONVERSATION,
    sender: chat,
    messageLimit: Number.POSITIVE_INFINITY,
    say,
    sayTwice: unsupported('deliver a line twice'),
    press: (index) => say(String(index + 1)),
    received: (): Received[] => writes.map((text) => ({ text, buttons: choicesIn(text) })),
    rateLimitNextSend: unsupported('rate-limit'),
    block: unsupported('be blocked'),
    async close() {
      input.end();
      await chat.finished();
    },
  };
}

runAdapterContract({
  name: 'terminal',
  capabilities: PLATFORMS.find((p) => p.name === 'terminal')!.capabilities,
  start: startTerminal,
});
