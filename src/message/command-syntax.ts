/**
 * How a command is typed, on every platform: "/cmd args", "!cmd args" (Matrix) or "/cmd@bot args" (Telegram
 * groups). The engine answers commands; adapters use the same syntax to tell a command from room talk.
 */
import { normalize } from '../util/normalize.js';

/** "/cmd args", "!cmd args", "/cmd@bot args" → { name, args }. */
export function parseCommand(text: string): { name: string; args: string } | undefined {
  const m = /^[/!]([\p{L}\p{N}_]{1,64})(?:@[A-Za-z0-9_]{1,64})?(?:\s+([\s\S]*))?$/u.exec(text);
  if (!m) return undefined;
  return { name: normalize(m[1]!).replace(/ /g, '_'), args: (m[2] ?? '').trim() };
}
