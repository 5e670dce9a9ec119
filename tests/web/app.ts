/** The real app with its HTTP server and the web guide on (WEB_BASE_URL), for the serving and browser tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { CONTENT_DIR } from '../helpers/content.js';
import { BASE, BOTS } from './helpers.js';
import { freePort } from '../helpers/net.js';

export interface RunningApp {
  readonly app: App;
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  stop(): Promise<void>;
}

export async function startWebApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'web-app-'));
  const port = await freePort();
  const config = loadConfig({
    CONTENT_DIR,
    DATA_DIR: dataDir,
    HTTP_PORT: String(port),
    HTTP_HOST: '127.0.0.1',
    WEB_BASE_URL: BASE,
    TELEGRAM_BOT_USERNAME: BOTS.telegram!,
    MATRIX_BOT_USER_ID: BOTS.matrix!,
    ...env,
  });
  const app = await createApp({ config, logger: silentLogger, extraSenders: [], shutdownGraceMs: 500 });
  await app.start();
  return {
    app,
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
