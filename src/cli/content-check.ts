/**
 * `npm run content:check [dir]`: the same check the bot runs at start-up, standalone. Exit 1 on errors.
 * Warnings (a long text, a topic not reviewed for more than CONTENT_STALE_DAYS days) keep exit code 0.
 */
import { resolve } from 'node:path';
import { checkContentFolder } from '../content/check.js';
import { composedAnswers } from '../engine/answer-measure.js';

const dir = resolve(process.argv[2] ?? process.env.CONTENT_DIR ?? 'content');
const result = checkContentFolder(dir, process.env, new Date(), composedAnswers);
if (result.output) process.stdout.write(`${result.output}\n`);
if (result.problems) process.stderr.write(`${result.problems}\n`);
process.exitCode = result.ok ? 0 : 1;
