/**
 * Which room messages the bot looks at: text from someone else, sent after the bot started (on a first
 * run; with a saved sync token, everything since that token counts), not an edit and not an m.notice (so
 * two bots cannot answer each other in a loop).
 */

export interface RoomMessageEvent {
  readonly event_id?: unknown;
  readonly sender?: unknown;
  readonly origin_server_ts?: unknown;
  readonly content?: Record<string, unknown>;
}

export type SkipReason = 'own' | 'old' | 'edit' | 'notice' | 'not_text' | 'malformed';

export interface FilterContext {
  readonly selfUserId: string;
  /** Events older than this (ms since epoch) are ignored; 0 ignores none. */
  readonly notBefore: number;
}

export function skipReason(event: RoomMessageEvent, ctx: FilterContext): SkipReason | undefined {
  const content = event.content;
  if (typeof event.event_id !== 'string' || typeof event.sender !== 'string' || !content) return 'malformed';
  if (event.sender === ctx.selfUserId) return 'own';
  if (typeof event.origin_server_ts !== 'number' || event.origin_server_ts < ctx.notBefore) return 'old';
  const relation = content['m.relates_to'] as { rel_type?: unknown } | undefined;
  if (relation?.rel_type === 'm.replace') return 'edit';
  if (content.msgtype === 'm.notice') return 'notice';
  if (content.msgtype !== 'm.text' || typeof content.body !== 'string') return 'not_text';
  return undefined;
}

/** True for a fresh event from someone else (used for encrypted events, which have no msgtype). */
export function isFreshForeign(event: RoomMessageEvent, ctx: FilterContext): boolean {
  return (
    typeof event.sender === 'string' &&
    event.sender !== ctx.selfUserId &&
    typeof event.origin_server_ts === 'number' &&
    event.origin_server_ts >= ctx.notBefore
  );
}
