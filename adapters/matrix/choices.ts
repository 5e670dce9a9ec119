/**
 * The last numbered choices shown per room, so that a "2" typed later picks the second one. With a shared
 * store (the bot's database) any process answers the number, whichever one showed the choices; without one
 * (tests, tools) they live in this process's memory, bounded.
 */
import type { Button } from '../../src/message/model.js';
import { BoundedMap } from '../../src/util/bounded-map.js';

/** The store's short-lived shared entries (Store.putEphemeral / getEphemeral / takeEphemeral). */
export interface SharedEntries {
  putEphemeral(key: string, value: string, expiresAt: Date, conversation?: string): Promise<void>;
  getEphemeral(key: string, now: Date): Promise<string | undefined>;
  takeEphemeral(key: string, now: Date): Promise<string | undefined>;
}

export interface RoomChoices {
  get(roomId: string): Promise<readonly Button[] | undefined>;
  set(roomId: string, conversation: string, choices: readonly Button[]): Promise<void>;
  delete(roomId: string): Promise<void>;
}

/** How long a number still picks from the choices shown (a reminder may be answered days later). */
const CHOICES_TTL_MS = 7 * 24 * 3_600_000;

const keyOf = (roomId: string): string => `matrix-choices:${roomId}`;

export function roomChoices(
  shared: SharedEntries | undefined,
  rememberRooms: number,
  now: () => Date = () => new Date(),
): RoomChoices {
  if (!shared) {
    const memory = new BoundedMap<string, readonly Button[]>(rememberRooms);
    return {
      get: (roomId) => Promise.resolve(memory.get(roomId)),
      set: (roomId, _conversation, choices) => Promise.resolve(memory.set(roomId, choices)),
      delete: (roomId) => Promise.resolve(void memory.delete(roomId)),
    };
  }
  return {
    async get(roomId) {
      const value = await shared.getEphemeral(keyOf(roomId), now());
      if (value === undefined) return undefined;
      const parsed: unknown = JSON.parse(value);
      return Array.isArray(parsed) ? (parsed as Button[]) : undefined;
    },
    set: (roomId, conversation, choices) =>
      shared.putEphemeral(
        keyOf(roomId),
        JSON.stringify(choices),
        new Date(now().getTime() + CHOICES_TTL_MS),
        conversation,
      ),
    async delete(roomId) {
      await shared.takeEphemeral(keyOf(roomId), now());
    },
  };
}
