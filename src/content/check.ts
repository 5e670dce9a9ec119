/**
 * What `npm run content:check` does, as a function: load and check the folder, then list the warnings
 * (texts above the guideline, topics not reviewed for more than CONTENT_STALE_DAYS days), and compare every
 * translation with its German file (src/content/translation-check.ts: a difference is an error).
 */
import { ConfigError, loadContentStaleDays, loadLanguages } from '../config.js';
import { ContentError } from './errors.js';
import type { ComposedAnswers } from './limits.js';
import type { Content } from './types.js';
import { loadContent } from './loader.js';
import { staleWarnings } from './staleness.js';
import { checkTranslations } from './translation-check.js';
import { checkI18n, unconfirmedSummary } from './i18n-check.js';

export interface CheckResult {
  /** False when the content (or CONTENT_STALE_DAYS) is wrong: exit code 1. */
  readonly ok: boolean;
  /** The summary line (stdout). */
  readonly output: string;
  /** Errors or warnings, one per line (stderr). */
  readonly problems: string;
  /** The loaded content, when it loaded (for checks outside src/content, e.g. the phone budget). */
  readonly content?: Content;
}

/** `composed`: the engine's answers, so that finished answers are measured too (src/cli/run-content-check.ts). */
export function checkContentFolder(
  dir: string,
  env: NodeJS.ProcessEnv,
  now: Date,
  composed?: ComposedAnswers,
): CheckResult {
  try {
    const staleDays = loadContentStaleDays(env);
    const content = loadContent(dir, { languages: loadLanguages(env), composed });
    const warnings = [...(content.warnings ?? []), ...staleWarnings(content, now, staleDays)];
    const count = warnings.length ? `; ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : '';
    const tr = checkTranslations(dir, content.topics.keys(), content.languages);
    const pendingFiles = new Set(tr.pending.map((p) => p.file)).size;
    const translations = `translations: ${tr.files} files compared with German, ${tr.checks} checks, ${tr.findings.length} finding${tr.findings.length === 1 ? '' : 's'}${pendingFiles ? `, ${pendingFiles} file${pendingFiles === 1 ? '' : 's'} pending a port (translation-pending.yaml)` : ''}`;
    const i18n = checkI18n(content, composed);
    const errors = tr.findings.length + i18n.findings.length;
    const problems = [
      ...tr.findings.map((f) => `error: ${f.file}: ${f.message}`),
      ...i18n.findings.map((f) => `error: ${f.file}: ${f.message}`),
      ...tr.pending.map((f) => `warning: ${f.file}: pending translation: ${f.message}`),
      ...warnings.map((w) => `warning: ${w.file}: ${w.field}: ${w.message}`),
    ];
    const labels = unconfirmedSummary(i18n, content.languages);
    const rules = `language rules (labels, register, dates): ${i18n.findings.length} finding${i18n.findings.length === 1 ? '' : 's'}`;
    return {
      ok: errors === 0,
      output: `${[translations, rules, ...labels].join('\n')}\n${errors ? 'content NOT OK' : 'content OK'}: ${content.topics.size} topics in ${Object.keys(content.ui).length} languages, ${content.deadlines.length} deadlines, ${content.commands.size} commands (${dir})${count}`,
      problems: problems.join('\n'),
      content,
    };
  } catch (err) {
    if (err instanceof ContentError || err instanceof ConfigError)
      return { ok: false, output: '', problems: err.message };
    throw err;
  }
}
