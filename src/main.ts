/**
 * The composition root: config → logger → content → engine → the configured front ends.
 * With no platform token set, the terminal chat runs on the same engine.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config.js';
import { ContentError } from './content/errors.js';
import { loadContent } from './content/loader.js';
import { Engine } from './engine/engine.js';
import { createLogger } from './logger.js';
import { MemoryPreferenceStore } from './ports.js';

async function main(): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const platforms = Boolean(config.TELEGRAM_BOT_TOKEN) || Boolean(config.MATRIX_HOMESERVER_URL);
  const terminal = config.TERMINAL || !platforms;
  // In the terminal chat, stdout is the conversation: logs go to stderr and only warnings show.
  const logger = createLogger({
    level: terminal && !process.env.LOG_LEVEL ? 'warn' : config.LOG_LEVEL,
    format: config.LOG_FORMAT,
    fd: terminal ? 2 : 1,
  });
  const content = loadContent(resolve(config.CONTENT_DIR));
  const engine = new Engine({ content, preferences: new MemoryPreferenceStore() });

  if (terminal) {
    // Adapters are loaded only when configured: the terminal needs no platform library at all.
    const { runTerminalChat } = await import('../adapters/terminal/terminal.js');
    await runTerminalChat(engine, {
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
      logger,
      languageHint: process.env.LANG,
    });
    return 0;
  }
  logger.error({}, 'platform adapters are not available yet');
  return 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof ContentError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
