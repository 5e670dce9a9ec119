/**
 * `npm run build:web [dir]`: writes the web guide to dist/web (or dir) from the content, with absolute
 * addresses from WEB_BASE_URL. A wrong or missing WEB_BASE_URL stops the build with a message naming it.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadConfig, ConfigError } from '../config.js';
import { ContentError } from '../content/errors.js';
import { loadContent } from '../content/loader.js';
import { composedAnswers } from '../engine/answer-measure.js';
import { buildWebSite } from '../render/web/site.js';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  if (!config.WEB_BASE_URL)
    throw new ConfigError(['WEB_BASE_URL: is required for the web guide, e.g. https://guide.example.org']);
  const out = resolve(process.argv[2] ?? 'dist/web');
  const content = loadContent(resolve(config.CONTENT_DIR), { composed: composedAnswers });
  const site = await buildWebSite(content, {
    baseUrl: config.WEB_BASE_URL,
    bots: { telegram: config.TELEGRAM_BOT_USERNAME, matrix: config.MATRIX_BOT_USER_ID },
  });
  rmSync(out, { recursive: true, force: true });
  for (const [path, file] of site) {
    const target = join(out, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.body);
  }
  const pages = [...site.keys()].filter((p) => p.endsWith('.html')).length;
  process.stdout.write(
    `web guide: ${pages} pages, ${site.size} files in ${out} for ${config.WEB_BASE_URL}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof ConfigError || err instanceof ContentError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
