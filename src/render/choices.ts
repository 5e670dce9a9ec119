/**
 * Buttons as numbered choices, for platforms without buttons (terminal, Matrix). Share buttons become a
 * line with the text to forward; URL buttons show their address.
 */
import type { Button } from '../message/model.js';
import { cleanText } from './sanitize.js';

export interface NumberedChoices {
  readonly lines: string[];
  readonly choices: Button[];
}

export function numberChoices(
  rows: readonly (readonly Button[])[],
  label: (b: Button) => string,
): NumberedChoices {
  const choices: Button[] = [];
  const parts: string[] = [];
  const extra: string[] = [];
  for (const row of rows) {
    for (const button of row) {
      if (button.kind === 'share') {
        extra.push(`${label(button)}: ${cleanText(button.text)}`);
        continue;
      }
      choices.push(button);
      parts.push(`[${choices.length}] ${label(button)}${button.kind === 'url' ? ` <${button.url}>` : ''}`);
    }
  }
  const lines = parts.length ? [parts.join('  ')] : [];
  return { lines: [...lines, ...extra], choices };
}

/** "3", " 3 ", "3." → 3; anything else → undefined. */
export function parseChoice(text: string): number | undefined {
  const m = /^\s*(\d{1,2})[.)]?\s*$/.exec(text);
  return m ? Number(m[1]) : undefined;
}
