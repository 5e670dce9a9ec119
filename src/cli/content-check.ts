/**
 * `npm run content:check [dir]`: the same check the bot runs at start-up, standalone. Exit 1 on errors.
 * Warnings (a long text, a topic not reviewed for more than CONTENT_STALE_DAYS days) keep exit code 0.
 */
import { resolve } from 'node:path';
import { ConfigError, loadContentStaleDays } from '../config.js';
import { ContentError } from '../content/errors.js';
import { loadContent } from '../content/loader.js';
import { staleWarnings } from '../content/staleness.js';

const dir = resolve(process.argv[2] ?? process.env.CONTENT_DIR ?? 'content');
try {
  const staleDays = loadContentStaleDays(process.env);
  const content = loadContent(dir);
  const warnings = [...(content.warnings ?? []), ...staleWarnings(content, new Date(), staleDays)];
  for (const w of warnings) process.stderr.write(`warning: ${w.file}: ${w.field}: ${w.message}\n`);
  process.stdout.write(
    `content OK: ${content.topics.size} topics in ${Object.keys(content.ui).length} languages, ${content.deadlines.length} deadlines, ${content.commands.size} commands (${dir})${warnings.length ? `; ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : ''}\n`,
  );
} catch (err) {
  if (err instanceof ContentError || err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
