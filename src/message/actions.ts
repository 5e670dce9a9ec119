/**
 * Button actions, encoded as short strings that fit Telegram's 64-byte callback_data. Decoding is strict:
 * anything forged or stale decodes to undefined and the engine answers with a notice, never an exception.
 */
import type { Lang } from '../content/languages.js';

export type Action =
  | { readonly type: 'topic'; readonly topic: string }
  | { readonly type: 'sources'; readonly topic: string }
  | { readonly type: 'menu' }
  | { readonly type: 'deadline' }
  | { readonly type: 'language'; readonly lang: Lang }
  /** Subscribe to deadline reminders. */
  | { readonly type: 'subscribe' }
  | { readonly type: 'unsubscribe' }
  /** Toggle a checklist item (a topic id, or "<topic>_<n>" for a further account). */
  | { readonly type: 'done'; readonly item: string }
  /** Offer "remind me later" choices for a topic. */
  | { readonly type: 'later'; readonly topic: string; readonly days?: 1 | 7 }
  | { readonly type: 'status' }
  /** Confirmations for /vergessen and /broadcast; `token` ties the button to the question asked. */
  | { readonly type: 'confirm'; readonly what: 'forget' | 'broadcast'; readonly token: string }
  | { readonly type: 'cancel' }
  /** Ask to delete everything stored about the conversation (leads to a confirmation). */
  | { readonly type: 'forget' }
  /** The objection letter for a service (an id from content/letters.yaml). */
  | { readonly type: 'letter'; readonly letter: string };

export const MAX_ACTION_BYTES = 64;
const ID = /^[a-z0-9_]{1,32}$/;
const TOKEN = /^[A-Za-z0-9_-]{1,40}$/;
/** A language code's shape; whether it is registered is the engine's check (it knows the content's languages). */
const LANG_CODE = /^[a-z]{2,3}(?:-[a-z]{1,16})?$/;

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
    case 'subscribe':
      return 'r';
    case 'unsubscribe':
      return 'u';
    case 'status':
      return 'st';
    case 'done':
      return `c:${action.item}`;
    case 'later':
      return action.days ? `p:${action.topic}:${action.days}` : `p:${action.topic}`;
    case 'confirm':
      return `y:${action.what === 'forget' ? 'f' : 'b'}:${action.token}`;
    case 'cancel':
      return 'n';
    case 'forget':
      return 'f';
    case 'letter':
      return `b:${action.letter}`;
  }
}

const SIMPLE: Record<string, Action> = {
  m: { type: 'menu' },
  d: { type: 'deadline' },
  r: { type: 'subscribe' },
  u: { type: 'unsubscribe' },
  st: { type: 'status' },
  n: { type: 'cancel' },
  f: { type: 'forget' },
};

/** The key an action handler is registered under: its type, or "confirm:<what>" for confirmations. */
export const actionKey = (action: Action): string =>
  action.type === 'confirm' ? `confirm:${action.what}` : action.type;

export function decodeAction(data: string): Action | undefined {
  if (typeof data !== 'string' || data.length > MAX_ACTION_BYTES) return undefined;
  const simple = SIMPLE[data];
  if (simple) return simple;
  const [kind, arg = '', extra, ...rest] = data.split(':');
  if (rest.length) return undefined;
  switch (kind) {
    case 't':
      return ID.test(arg) && extra === undefined ? { type: 'topic', topic: arg } : undefined;
    case 's':
      return ID.test(arg) && extra === undefined ? { type: 'sources', topic: arg } : undefined;
    case 'c':
      return ID.test(arg) && extra === undefined ? { type: 'done', item: arg } : undefined;
    case 'b':
      return ID.test(arg) && extra === undefined ? { type: 'letter', letter: arg } : undefined;
    case 'l':
      return LANG_CODE.test(arg) && extra === undefined ? { type: 'language', lang: arg as Lang } : undefined;
    case 'p':
      if (!ID.test(arg)) return undefined;
      if (extra === undefined) return { type: 'later', topic: arg };
      return extra === '1' || extra === '7'
        ? { type: 'later', topic: arg, days: Number(extra) as 1 | 7 }
        : undefined;
    case 'y':
      if ((arg !== 'f' && arg !== 'b') || extra === undefined || !TOKEN.test(extra)) return undefined;
      return { type: 'confirm', what: arg === 'f' ? 'forget' : 'broadcast', token: extra };
    default:
      return undefined;
  }
}
