/**
 * Button actions, encoded as short strings that fit Telegram's 64-byte callback_data. Decoding is strict:
 * anything forged or stale decodes to undefined and the engine answers with a notice, never an exception.
 */
import { LANGS, type Lang } from './content/types.js';

export type Action =
  | { readonly type: 'topic'; readonly topic: string }
  | { readonly type: 'sources'; readonly topic: string }
  | { readonly type: 'menu' }
  | { readonly type: 'deadline' }
  | { readonly type: 'language'; readonly lang: Lang };

export const MAX_ACTION_BYTES = 64;
const ID = /^[a-z0-9_]{1,32}$/;

export function encodeAction(action: Action): string {
  switch (action.type) {
    case 'topic':
      return `t:${action.topic}`;
    case 'sources':
      return `s:${action.topic}`;
    case 'menu':
      return 'm';
    case 'deadline':
      return 'd';
    case 'language':
      return `l:${action.lang}`;
  }
}

export function decodeAction(data: string): Action | undefined {
  if (typeof data !== 'string' || data.length > MAX_ACTION_BYTES) return undefined;
  if (data === 'm') return { type: 'menu' };
  if (data === 'd') return { type: 'deadline' };
  const sep = data.indexOf(':');
  if (sep !== 1) return undefined;
  const arg = data.slice(2);
  switch (data[0]) {
    case 't':
      return ID.test(arg) ? { type: 'topic', topic: arg } : undefined;
    case 's':
      return ID.test(arg) ? { type: 'sources', topic: arg } : undefined;
    case 'l':
      return (LANGS as readonly string[]).includes(arg) ? { type: 'language', lang: arg as Lang } : undefined;
    default:
      return undefined;
  }
}
