/**
 * Entry point (`npm start`): configuration → logger → the app (store, content, engine, adapters, scheduler).
 * With no platform token set, the terminal chat runs on the same engine, with an in-memory store.
 * SIGINT/SIGTERM stop gracefully (a second signal exits at once); SIGHUP reloads the content.
 */
import { existsSync } from 'node:fs';
import { createApp, type App } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { ContentError } from './content/errors.js';
import { createLogger } from './logger.js';
import { checkContentDir, checkSetup, StartupError } from './ops/startup-errors.js';
import { runsTerminalChat } from './platforms.js';
import type { Logger } from './ports/capabilities.js';
import { StoreError } from './store/index.js';
import { SqliteStore } from './store/sqlite.js';

async function main(): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const terminal = runsTerminalChat(config);
  // In the terminal chat, stdout is the conversation: logs go to stderr and only warnings show.
  const logger = createLogger({
    level: terminal && !process.env.LOG_LEVEL ? 'warn' : config.LOG_LEVEL,
    format: config.LOG_FORMAT,
    fd: terminal ? 2 : 1,
  });

  // Set-ups that cannot work end here with one line each (src/ops/startup-errors.ts).
  if (terminal) checkContentDir(config.CONTENT_DIR);
  else await checkSetup(config);

  if (terminal) {
    // The terminal chat alone (the registry's "terminal" platform), without an HTTP server; adapters are
    // loaded only when used, so it needs no platform library at all.
    const app = await createApp({
      config: { ...config, HTTP_PORT: undefined },
      logger,
      platforms: ['terminal'],
      // Trying the bot leaves nothing behind: the terminal chat keeps its state in memory only.
      store: new SqliteStore(':memory:'),
      shutdownGraceMs: 1000,
    });
    await app.start();
    onSignals(app, logger);
    await app.ended();
    await app.stop();
    return 0;
  }

  const app = await createApp({ config, logger });
  onSignals(app, logger);
  await app.start();
  return await new Promise<number>(() => undefined); // runs until a signal stops it
}

function onSignals(app: App, logger: Logger): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => void app.reload());
  // SIGUSR2: an online backup of the SQLite file next to it (other programs cannot open the locked file).
  process.on('SIGUSR2', () => {
    const store = app.store as { backup?: (to: string) => Promise<void>; path?: string };
    if (!store.backup || !store.path || store.path === ':memory:')
      return logger.warn({}, 'SIGUSR2: backups are for the SQLite store only');
    const to = `${store.path}.backup-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    store.backup(to).then(
      () => logger.info({ to }, 'backup written'),
      (err: unknown) => logger.error({ err }, 'backup failed'),
    );
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof StartupError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 1;
      return;
    }
    if (err instanceof ConfigError || err instanceof ContentError || err instanceof StoreError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
