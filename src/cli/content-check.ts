/**
 * `npm run content:check [dir]`: the same check the bot runs at start-up, standalone, plus the phone budget
 * (src/engine/phone-budget.ts) with its figures. Exit 1 on errors. Warnings (a long text, a topic not
 * reviewed for more than CONTENT_STALE_DAYS days, a translation pending a port) keep exit code 0.
 */
import { resolve } from 'node:path';
import { runContentCheck } from './run-content-check.js';

const dir = resolve(process.argv[2] ?? process.env.CONTENT_DIR ?? 'content');
const result = runContentCheck(dir, process.env, new Date());
if (result.output) process.stdout.write(`${result.output}\n`);
if (result.problems) process.stderr.write(`${result.problems}\n`);
process.exitCode = result.ok ? 0 : 1;
