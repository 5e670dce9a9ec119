/**
 * What the real Bot API refuses, for the fake: Telegram's HTML subset (parsed the way TDLib parses it, with
 * its error texts and UTF-8 byte offsets), the 4,096-character limit counted on the visible text after
 * entity parsing (UTF-16 code units, surrounding white space trimmed), and inline keyboards (callback_data of
 * 1–64 bytes, exactly one action per button). Each check returns Telegram's description ("Bad Request: …")
 * or undefined when the call is fine.
 */

const MESSAGE_TEXT_LIMIT = 4096;
const CALLBACK_ANSWER_LIMIT = 200;
const CALLBACK_DATA_MAX_BYTES = 64;

/** Tags Telegram accepts in parse_mode HTML (https://core.telegram.org/bots/api#html-style). */
const TAGS = new Set([
  'a',
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'tg-emoji',
  'code',
  'pre',
  'blockquote',
]);

const ACTIONS = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
] as const;

type Parsed = { readonly text: string } | { readonly error: string };

const byteOffset = (html: string, index: number): number => Buffer.byteLength(html.slice(0, index), 'utf8');
const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

/** &lt; &gt; &amp; &quot; and numeric references; anything else after "&" stays as it is (as in TDLib). */
function decodeEntity(html: string, at: number): { char: string; length: number } | undefined {
  const m = /^&(lt|gt|amp|quot|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/.exec(html.slice(at, at + 12));
  if (!m) return undefined;
  const named = { lt: '<', gt: '>', amp: '&', quot: '"' }[m[1]!];
  if (named) return { char: named, length: m[0].length };
  const code = m[2] !== undefined ? Number(m[2]) : parseInt(m[3]!, 16);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return { char: String.fromCodePoint(code), length: m[0].length };
}

/** Parses Telegram HTML: the visible text, or "Bad Request: can't parse entities: …". */
function parseTelegramHtml(html: string): Parsed {
  const fail = (why: string): Parsed => ({ error: `Bad Request: can't parse entities: ${why}` });
  const open: string[] = [];
  let text = '';
  let i = 0;
  while (i < html.length) {
    const c = html[i]!;
    if (c === '&') {
      const entity = decodeEntity(html, i);
      text += entity ? entity.char : '&';
      i += entity ? entity.length : 1;
      continue;
    }
    if (c !== '<') {
      text += c;
      i++;
      continue;
    }
    const begin = i++;
    if (html[i] !== '/') {
      const nameStart = i;
      while (i < html.length && !isSpace(html[i]) && html[i] !== '>') i++;
      if (i >= html.length) return fail(`Unclosed start tag at byte offset ${byteOffset(html, begin)}`);
      const name = html.slice(nameStart, i).toLowerCase();
      if (!TAGS.has(name))
        return fail(`Unsupported start tag "${name}" at byte offset ${byteOffset(html, begin)}`);
      let spanClass: string | undefined;
      while (html[i] !== '>') {
        while (i < html.length && isSpace(html[i])) i++;
        if (html[i] === '>') break;
        const attrStart = i;
        while (i < html.length && !isSpace(html[i]) && html[i] !== '=' && html[i] !== '>') i++;
        const attr = html.slice(attrStart, i).toLowerCase();
        if (!attr)
          return fail(`Empty attribute name in the tag "${name}" at byte offset ${byteOffset(html, begin)}`);
        while (i < html.length && isSpace(html[i])) i++;
        if (html[i] !== '=') {
          // A lone attribute (e.g. <blockquote expandable>).
          if (name === 'blockquote' && attr === 'expandable') continue;
          return fail(
            `Expected equal sign in declaration of an attribute of the tag "${name}" at byte offset ${byteOffset(html, begin)}`,
          );
        }
        i++;
        while (i < html.length && isSpace(html[i])) i++;
        if (i >= html.length) return fail(`Unclosed start tag at byte offset ${byteOffset(html, begin)}`);
        let value: string;
        const quote = html[i];
        if (quote === '"' || quote === "'") {
          const end = html.indexOf(quote, i + 1);
          if (end < 0) return fail(`Unclosed start tag at byte offset ${byteOffset(html, begin)}`);
          value = html.slice(i + 1, end);
          i = end + 1;
        } else {
          const valueStart = i;
          while (i < html.length && !isSpace(html[i]) && html[i] !== '>') i++;
          if (i >= html.length) return fail(`Unclosed start tag at byte offset ${byteOffset(html, begin)}`);
          value = html.slice(valueStart, i);
        }
        if (name === 'span' && attr === 'class') spanClass = value;
      }
      if (name === 'span' && spanClass !== 'tg-spoiler')
        return fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(html, begin)}`);
      open.push(name);
      i++;
      continue;
    }
    // An end tag.
    if (!open.length) return fail(`Unexpected end tag at byte offset ${byteOffset(html, begin)}`);
    i++;
    const nameStart = i;
    while (i < html.length && !isSpace(html[i]) && html[i] !== '>') i++;
    const name = html.slice(nameStart, i).toLowerCase();
    while (i < html.length && isSpace(html[i])) i++;
    if (html[i] !== '>') return fail(`Unclosed end tag at byte offset ${byteOffset(html, begin)}`);
    const expected = open.pop()!;
    if (name && name !== expected)
      return fail(
        `Unmatched end tag at byte offset ${byteOffset(html, begin)}, expected "</${expected}>", found "</${name}>"`,
      );
    i++;
  }
  if (open.length) return fail(`Can't find end tag corresponding to start tag "${open[open.length - 1]}"`);
  return { text };
}

/** The text a reader sees (entities decoded, tags gone), or the parse error. */
function visibleOf(text: string, parseMode: unknown): Parsed {
  return parseMode === 'HTML' ? parseTelegramHtml(text) : { text };
}

/** A message text as sendMessage / editMessageText / an inline result check it. */
function checkMessageText(text: unknown, parseMode: unknown): string | undefined {
  if (typeof text !== 'string' || text === '') return 'Bad Request: message text is empty';
  const parsed = visibleOf(text, parseMode);
  if ('error' in parsed) return parsed.error;
  const visible = parsed.text.trim();
  if (!visible) return 'Bad Request: text must be non-empty';
  if (visible.length > MESSAGE_TEXT_LIMIT) return 'Bad Request: message is too long';
  return undefined;
}

/** An inline keyboard: every button has a text and exactly one action; callback_data is 1–64 bytes. */
function checkReplyMarkup(markup: unknown): string | undefined {
  const value = typeof markup === 'string' ? (JSON.parse(markup) as unknown) : markup;
  if (value === undefined || value === null) return undefined;
  const keyboard = (value as { inline_keyboard?: unknown }).inline_keyboard;
  if (keyboard === undefined) return undefined; // other keyboards: not used by this bot
  if (!Array.isArray(keyboard)) return 'Bad Request: field "inline_keyboard" must be an Array';
  for (const row of keyboard as unknown[]) {
    if (!Array.isArray(row)) return 'Bad Request: field "inline_keyboard" must be an Array of Arrays';
    for (const button of row as Record<string, unknown>[]) {
      const bad = checkButton(button);
      if (bad) return bad;
    }
  }
  return undefined;
}

function checkButton(button: Record<string, unknown>): string | undefined {
  const prefix = "Bad Request: can't parse inline keyboard button:";
  if (typeof button.text !== 'string') return `${prefix} Can't find field "text"`;
  // An empty callback_data counts as none (so Telegram answers); an empty switch_inline_query is valid.
  const actions = ACTIONS.filter(
    (a) => button[a] !== undefined && !(a === 'callback_data' && button[a] === ''),
  );
  if (!actions.length) return `${prefix} Text buttons are unallowed in the inline keyboard`;
  // The real API quietly takes the first field it knows; its docs say exactly one. The fake refuses, with a
  // description of its own, so that an ambiguous button is found in tests and not in production.
  if (actions.length > 1)
    return `${prefix} exactly one of the optional fields must be used (${actions.join(', ')})`;
  if (actions[0] === 'callback_data') {
    const data = button.callback_data;
    const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : 0;
    if (bytes < 1 || bytes > CALLBACK_DATA_MAX_BYTES) return 'Bad Request: BUTTON_DATA_INVALID';
  }
  if (actions[0] === 'url') {
    const url = String(button.url);
    if (!/^(https?|tg):\/\/\S+$/i.test(url))
      return `Bad Request: inline keyboard button URL '${url}' is invalid: Unsupported URL protocol`;
  }
  return undefined;
}

/** The description Telegram would answer for this call, or undefined if it would accept it. */
export function refusalFor(method: string, params: Record<string, unknown>): string | undefined {
  switch (method) {
    case 'sendMessage':
    case 'editMessageText':
      return checkMessageText(params.text, params.parse_mode) ?? checkReplyMarkup(params.reply_markup);
    case 'editMessageReplyMarkup':
      return checkReplyMarkup(params.reply_markup);
    case 'answerCallbackQuery':
      return typeof params.text === 'string' && params.text.length > CALLBACK_ANSWER_LIMIT
        ? 'Bad Request: MESSAGE_TOO_LONG'
        : undefined;
    case 'answerInlineQuery': {
      const results = (
        typeof params.results === 'string' ? JSON.parse(params.results) : params.results
      ) as unknown;
      for (const result of Array.isArray(results) ? (results as Record<string, unknown>[]) : []) {
        const content = result.input_message_content as Record<string, unknown> | undefined;
        const bad =
          (content && 'message_text' in content
            ? checkMessageText(content.message_text, content.parse_mode)
            : undefined) ?? checkReplyMarkup(result.reply_markup);
        if (bad) return bad;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** For tests that read rendered HTML without the fake: the visible text (throws on HTML Telegram refuses). */
export function visibleText(html: string): string {
  const parsed = parseTelegramHtml(html);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.text;
}

/** TDLib's is_word_character: a letter, a number or "_" (format characters such as U+2066 are none). */
const isWordCharacter = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

/**
 * The bot_command entities Telegram finds in a message's visible text (TDLib's match_bot_commands): "/"
 * not preceded by a word character, "/", "<" or ">"; 1–64 of [A-Za-z0-9_]; optionally "@" and a bot name of
 * 3–32; not followed by a word character, "/", "<" or ">". Offsets and lengths in UTF-16 code units.
 */
export function botCommandEntities(text: string): { type: 'bot_command'; offset: number; length: number }[] {
  const out: { type: 'bot_command'; offset: number; length: number }[] = [];
  const re = /\/([A-Za-z0-9_]{1,64})(@[A-Za-z0-9_]{3,32})?/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const before = Array.from(text.slice(0, m.index)).at(-1);
    const after = Array.from(text.slice(m.index + m[0].length))[0];
    if (isWordCharacter(before) || (before !== undefined && '/<>'.includes(before))) continue;
    if (isWordCharacter(after) || (after !== undefined && '/<>'.includes(after))) continue;
    out.push({ type: 'bot_command', offset: m.index, length: m[0].length });
  }
  return out;
}

/** True if Telegram would parse this HTML. */
export function wellFormed(html: string): boolean {
  return !('error' in parseTelegramHtml(html));
}

/**
 * Telegram's broadcast limits, for the fake when a test turns them on: without allow_paid_broadcast at most
 * `freePerSecond` messages in any second (of all sent, paid or not: the stricter reading of Telegram's
 * unspecified counting), with it at most `paidPerSecond` (Telegram: up to 1,000), each paid message taking
 * 0.1 Stars from the bot's balance. Beyond a limit: 429 with retry_after, as Telegram answers.
 */
export interface BroadcastLimits {
  readonly freePerSecond: number;
  readonly paidPerSecond: number;
  /** The bot's Stars balance, in tenths of a Star (one per paid message); undefined: unlimited. */
  starTenths?: number | undefined;
}

/**
 * What the fake answers a paid send the balance cannot pay. Telegram's documentation does not give its exact
 * words; this wording is the fake's own (the bot recognises any refusal that mentions Stars or the balance).
 */
const NO_STARS_DESCRIPTION = "Bad Request: not enough Stars on the bot's balance to pay for the broadcast";

export type BroadcastVerdict =
  | { readonly ok: true }
  | { readonly status: 429; readonly retryAfter: number; readonly description: string }
  | { readonly status: 400; readonly description: string };

/**
 * Checks one sendMessage against the limits; `sentAt` holds the times (ms) of the sends accepted so far and is
 * updated (and trimmed to the last second) when this one is accepted.
 */
export function broadcastVerdict(
  limits: BroadcastLimits,
  params: Record<string, unknown>,
  sentAt: number[],
  now: number,
): BroadcastVerdict {
  while (sentAt.length && sentAt[0]! <= now - 1000) sentAt.shift();
  const paid = params.allow_paid_broadcast === true;
  if (sentAt.length >= (paid ? limits.paidPerSecond : limits.freePerSecond))
    return { status: 429, retryAfter: 1, description: 'Too Many Requests: retry after 1' };
  if (paid && limits.starTenths !== undefined) {
    if (limits.starTenths < 1) return { status: 400, description: NO_STARS_DESCRIPTION };
    limits.starTenths -= 1;
  }
  sentAt.push(now);
  return { ok: true };
}
