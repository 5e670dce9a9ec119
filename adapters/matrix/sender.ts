/**
 * Sends neutral replies to Matrix rooms as m.notice events (the MessageSender port). Each event is a
 * PUT /rooms/{room}/send/{type}/{txnId} whose transaction id is derived from the idempotency key, so a
 * retry, even after a crash, is recognised by the homeserver and not posted twice (the SDK's own send
 * makes a new id per call). Retries: retry.ts.
 */
import { createHash } from 'node:crypto';
import type { MatrixClient } from 'matrix-bot-sdk';
import type { Reply } from '../../src/message/model.js';
import { DeliveryError, type ConversationStatus, type MessageSender } from '../../src/ports/platform.js';
import type { Logger } from '../../src/ports/capabilities.js';
import { fromConversation, toConversation } from '../../src/ports/conversation.js';
import { renderMatrix, type MatrixMessageContent } from './render.js';
import { withRetries, type MatrixRetryPolicy } from './retry.js';
import type { RoomChoices } from './choices.js';

export const PLATFORM = 'matrix';

/** The conversation id of a room (or user), and back. */
export const conversationOf = (roomId: string): string => toConversation(PLATFORM, roomId);
export const roomOf = (conversation: string): string | undefined => fromConversation(PLATFORM, conversation);

/** A Matrix transaction id for part `part` of the delivery `key`: stable, URL-safe, short. */
function transactionId(key: string, part: number): string {
  return `kw-${createHash('sha256').update(key).digest('base64url').slice(0, 32)}-${part}`;
}

export interface SenderDeps {
  readonly client: Pick<MatrixClient, 'doRequest' | 'getUserId' | 'crypto'>;
  readonly status: ConversationStatus;
  /** The last numbered choices shown per room. */
  readonly choices: RoomChoices;
  /** The "answer with a number" line in the conversation's language. */
  readonly choiceHint: (conversation: string) => Promise<string | undefined>;
  readonly retry: MatrixRetryPolicy;
  readonly maxContentBytes?: number | undefined;
  readonly logger: Logger;
  /** Aborted on shutdown: no more waiting between retries. */
  readonly signal: AbortSignal;
}

export class MatrixSender implements MessageSender {
  readonly platform = PLATFORM;

  constructor(private readonly deps: SenderDeps) {}

  async send(conversation: string, reply: Reply, idempotencyKey: string): Promise<void> {
    const roomId = roomOf(conversation);
    if (!roomId) throw new DeliveryError('permanent', `not a Matrix conversation: ${conversation}`);
    if (!(await this.deps.status.isActive(conversation))) {
      throw new DeliveryError('blocked', 'the bot is no longer in this room');
    }
    const selfUserId = await this.attempt(() => this.deps.client.getUserId());
    const rendering = renderMatrix(reply, {
      selfUserId,
      choiceHint: await this.deps.choiceHint(conversation),
      ...(this.deps.maxContentBytes ? { maxContentBytes: this.deps.maxContentBytes } : {}),
    });
    for (const [part, content] of rendering.events.entries()) {
      await this.attempt(() => this.put(roomId, content, transactionId(idempotencyKey, part)));
    }
    if (rendering.choices.length) await this.deps.choices.set(roomId, conversation, rendering.choices);
  }

  private async put(roomId: string, content: MatrixMessageContent, txnId: string): Promise<void> {
    let type = 'm.room.message';
    let body: object = content;
    const crypto = this.deps.client.crypto as MatrixClient['crypto'] | undefined;
    if (crypto && (await crypto.isRoomEncrypted(roomId))) {
      body = await crypto.encryptRoomEvent(roomId, type, content);
      type = 'm.room.encrypted';
    }
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${encodeURIComponent(type)}/${encodeURIComponent(txnId)}`;
    await this.deps.client.doRequest('PUT', path, null, body);
  }

  /**
   * One request with the retry policy. A "blocked" failure is only reported: who sent decides what it means
   * (the scheduler records the room as unreachable and ends its subscription; membership events do the rest).
   */
  private attempt<T>(request: () => Promise<T>): Promise<T> {
    return withRetries(request, this.deps.retry, this.deps.signal, this.deps.logger);
  }
}
