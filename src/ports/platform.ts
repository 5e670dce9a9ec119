/**
 * Ports between the core and the platform adapters. Adapters (adapters/telegram, adapters/matrix) implement
 * them; the core never imports an adapter.
 */
import type { Reply } from '../message/model.js';

/** A running front end (Telegram, Matrix, the terminal chat) that the composition root starts and stops. */
export interface PlatformAdapter {
  /** "telegram", "matrix", "terminal": the prefix of the conversation ids it owns ("telegram:<chat>"). */
  readonly platform: string;
  start(): Promise<void>;
  /** Stops taking updates and lets in-flight sends finish. Idempotent. */
  stop(): Promise<void>;
}

/**
 * What a platform can do or suffer, declared once in the adapter registry (src/platforms.ts). The adapter
 * contract kit (tests/contract/adapter-kit.ts) runs a case only for a platform that has its capability and
 * names the ones it skips.
 */
export interface PlatformCapabilities {
  /** Runs on this machine only and nothing leaves it (the terminal chat). */
  readonly local: boolean;
  /** The platform answers "slow down" (429 with Retry-After) and the adapter waits it out. */
  readonly rateLimits: boolean;
  /** A recipient can block the bot or leave; sends then fail with the "blocked" delivery error. */
  readonly blocking: boolean;
  /** The platform may deliver the same inbound update twice (webhook redelivery, a replayed sync). */
  readonly redelivery: boolean;
  /** Messages have a length limit; longer answers are split in order. */
  readonly lengthLimit: boolean;
}

export type DeliveryFailure =
  /** The user blocked the bot, left the room, or the bot was kicked: end the subscription. */
  | 'blocked'
  /** The platform asked us to slow down; retry after `retryAfterMs`. */
  | 'rate_limited'
  /** Network error or 5xx: retry with backoff. */
  | 'transient'
  /** The platform refused for good (bad request): do not retry. */
  | 'permanent'
  /**
   * A paid send (SendOptions.paid) was refused because the bot cannot pay (its Telegram Stars are gone): nothing
   * was sent; send it again without paying.
   */
  | 'paid_refused';

export class DeliveryError extends Error {
  constructor(
    readonly failure: DeliveryFailure,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface SendOptions {
  /**
   * Offers to pay the platform for a higher rate (Telegram's allow_paid_broadcast: up to 1,000 messages a second
   * for 0.1 Stars each). The sender asks once, with the number of messages the reply needs, before sending any:
   * true → each of them is sent paid; false → all free. Only the scheduler offers it (reminders, announcements),
   * never for a reply to a user's own message.
   */
  readonly paid?: (messages: number) => boolean;
}

/** Sends a neutral reply to a conversation outside of a user turn (reminders, broadcasts). */
export interface MessageSender {
  readonly platform: string;
  /**
   * Sends `reply` to `conversation`. `idempotencyKey` identifies this delivery: a platform with idempotent
   * sends (Matrix transaction ids) uses it so that a retry never posts twice. Throws DeliveryError.
   */
  send(conversation: string, reply: Reply, idempotencyKey: string, options?: SendOptions): Promise<void>;
}

/** Where adapters record that a conversation can no longer be reached (blocked, kicked, left). */
export interface ConversationStatus {
  markInactive(conversation: string, reason: string): Promise<void>;
  markActive(conversation: string): Promise<void>;
  isActive(conversation: string): Promise<boolean>;
}
