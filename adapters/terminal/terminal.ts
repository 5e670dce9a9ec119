/**
 * The terminal chat: the same engine as the bots, in a shell. Reads lines (typed or piped), prints the
 * plain rendering, and lets numbered choices be picked by number. Ends cleanly at end of input.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { EnginePort } from '../../src/ports/engine.js';
import type { Button } from '../../src/message/model.js';
import type { MessageSender, PlatformAdapter } from '../../src/ports/platform.js';
import type { Logger } from '../../src/ports/capabilities.js';
import { parseChoice } from '../../src/render/choices.js';
import { renderPlain } from '../../src/render/plain.js';

export interface TerminalOptions {
  readonly input: Readable;
  readonly output: Writable;
  /** A person at a terminal: show a prompt and use bold. Piped input gets plain output. */
  readonly interactive: boolean;
  readonly logger: Logger;
  /** The language hint, e.g. from $LANG ("de_DE.UTF-8"). */
  readonly languageHint?: string | undefined;
}

export const TERMINAL_CONVERSATION = 'terminal:local';
const SELF = 'npm start';

export async function runTerminalChat(engine: EnginePort, opts: TerminalOptions): Promise<void> {
  const { output, interactive } = opts;
  const rl = createInterface({ input: opts.input, terminal: false, crlfDelay: Infinity });
  let choices: readonly Button[] = [];
  const prompt = (): void => {
    if (interactive) output.write('\n> ');
  };

  const answer = async (event: { text?: string; action?: string }): Promise<void> => {
    const replies = await engine.handle({
      conversation: TERMINAL_CONVERSATION,
      languageHint: opts.languageHint,
      ...event,
    });
    for (const reply of replies) {
      const rendered = renderPlain(reply, { self: SELF, ansi: interactive });
      output.write(`${rendered.text}\n`);
      if (rendered.choices.length) choices = rendered.choices;
    }
  };

  const handleLine = async (line: string): Promise<void> => {
    const n = parseChoice(line);
    const chosen = n === undefined ? undefined : choices[n - 1];
    try {
      if (chosen?.kind === 'action') await answer({ action: chosen.action });
      else if (chosen?.kind === 'url') output.write(`${chosen.url}\n`);
      else await answer({ text: line });
    } catch (err) {
      opts.logger.error({ err }, 'terminal turn failed');
      output.write(`${engine.content.ui.de.error_apology} / ${engine.content.ui.en.error_apology}\n`);
    }
    prompt();
  };

  if (interactive) {
    await answer({ text: '/start' });
    prompt();
  }
  // Lines are answered strictly in order, even when piped in faster than they are answered.
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue.then(() => handleLine(line));
  });
  await new Promise<void>((resolve) => rl.once('close', resolve));
  await queue;
  if (interactive) output.write('\n');
}

/** The terminal chat as a platform (src/platforms.ts): start() opens the chat, finished() ends with the input. */
export interface TerminalChat extends PlatformAdapter, MessageSender {
  /** Resolves when the input ends (rejects if the chat failed); resolved at once if never started. */
  finished(): Promise<void>;
}

export function createTerminalChat(engine: EnginePort, opts: TerminalOptions): TerminalChat {
  const sender = createTerminalSender(opts.output, opts.interactive);
  let running: Promise<void> | undefined;
  return {
    platform: sender.platform,
    send: (conversation, reply, key) => sender.send(conversation, reply, key),
    start() {
      running ??= runTerminalChat(engine, opts);
      return Promise.resolve();
    },
    // The chat ends with its input; a signal stops the process (src/main.ts) without waiting for it.
    stop: () => Promise.resolve(),
    finished: () => running ?? Promise.resolve(),
  };
}

/** Prints reminders into the terminal chat, so "remind me tomorrow" works there too while it is open. */
function createTerminalSender(output: Writable, interactive: boolean): MessageSender {
  return {
    platform: 'terminal',
    send(_conversation, reply) {
      output.write(`\n${renderPlain(reply, { self: SELF, ansi: interactive }).text}\n`);
      return Promise.resolve();
    },
  };
}
