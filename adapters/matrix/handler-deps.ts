/**
 * What the room event handlers share: their dependencies, the raw event shape, and sending the replies
 * of one turn.
 */
import type { Reply } from '../../src/message/model.js';
import type { ConversationStatus } from '../../src/ports/platform.js';
import type { Logger } from '../../src/ports/capabilities.js';
import type { StoreHealth } from '../../src/ports/health.js';
import type { SelfIdentity } from './address.js';
import type { RoomChoices } from './choices.js';
import type { MatrixEngine } from './engine-port.js';
import type { RoomMessageEvent } from './event-filter.js';
import type { RoomFacts } from './rooms.js';
import type { MatrixSender } from './sender.js';
import { errorFields, type RoomHasher } from './log-fields.js';
import type { FileStateStore } from './state-store.js';

export interface RoomEventDeps {
  readonly client: { joinRoom(roomId: string): Promise<string>; leaveRoom(roomId: string): Promise<unknown> };
  readonly engine: MatrixEngine;
  readonly sender: MatrixSender;
  readonly rooms: RoomFacts;
  readonly status: ConversationStatus;
  readonly store: FileStateStore;
  readonly choices: RoomChoices;
  readonly self: () => SelfIdentity;
  readonly notBefore: () => number;
  readonly allowedServers: readonly string[];
  /** True when the client can decrypt (MATRIX_E2EE with the native library). */
  readonly canDecrypt: boolean;
  readonly logger: Logger;
  /** Room ids in logs are hashed (a direct chat's room id stands for a person). */
  readonly hashRoom: RoomHasher;
  /** While the store is unreachable, a room gets the apology once per outage (its sync is handled again). */
  readonly storeHealth?: StoreHealth | undefined;
}

export interface MatrixEvent extends RoomMessageEvent {
  readonly type?: unknown;
  readonly state_key?: unknown;
}

/** Sends each reply of one turn; a failure is logged (the sender already retried) and ends the turn. */
export async function deliverAll(
  sender: MatrixSender,
  conversation: string,
  replies: readonly Reply[],
  key: string,
  log: Logger,
): Promise<boolean> {
  for (const [i, reply] of replies.entries()) {
    try {
      await sender.send(conversation, reply, `${key}:${i}`);
    } catch (err) {
      log.warn(
        { failure: (err as { failure?: unknown }).failure, err: errorFields(err) },
        'matrix reply not delivered',
      );
      return false;
    }
  }
  return true;
}
