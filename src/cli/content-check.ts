/** `npm run content:check [dir]`: the same check the bot runs at start-up, standalone. Exit 1 on errors. */
import { resolve } from 'node:path';
import { ContentError } from '../content/errors.js';
import { loadContent } from '../content/loader.js';

const dir = resolve(process.argv[2] ?? process.env.CONTENT_DIR ?? 'content');
try {
  const content = loadContent(dir);
  process.stdout.write(
    `content OK: ${content.topics.size} topics in ${Object.keys(content.ui).length} languages, ${content.deadlines.length} deadlines, ${content.commands.size} commands (${dir})\n`,
  );
} catch (err) {
  if (err instanceof ContentError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
