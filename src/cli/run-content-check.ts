/**
 * What `npm run content:check` does: the content folder's own check (src/content/check.ts), then the phone
 * budget of the step-by-step guides (src/engine/phone-budget.ts), which needs the engine's composed answers
 * and so lives outside src/content.
 */
import { checkContentFolder, type CheckResult } from '../content/check.js';
import { composedAnswers } from '../engine/answer-measure.js';
import { checkPhoneBudget, formatPhoneFigures } from '../engine/phone-budget.js';

export function runContentCheck(dir: string, env: NodeJS.ProcessEnv, now: Date): CheckResult {
  const base = checkContentFolder(dir, env, now, composedAnswers);
  if (!base.content) return base;
  const budget = checkPhoneBudget(base.content);
  const problems = [...budget.errors.map((e) => `error: ${e}`), ...(base.problems ? [base.problems] : [])];
  const ok = base.ok && budget.errors.length === 0;
  const output = base.output.replace(/^content OK:/m, ok ? 'content OK:' : 'content NOT OK:');
  return {
    ok,
    output: `${formatPhoneFigures(budget.figures)}\n${output}`,
    problems: problems.join('\n'),
    content: base.content,
  };
}
