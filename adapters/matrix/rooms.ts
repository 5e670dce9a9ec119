/**
 * What the adapter needs to know about a room, asked from the homeserver and cached (bounded): is it a
 * direct chat (the bot and one other member), and is it encrypted. Membership changes drop the cache.
 */
import type { MatrixClient } from 'matrix-bot-sdk';
import { BoundedMap } from '../../src/util/bounded-map.js';

type RoomApi = Pick<MatrixClient, 'getJoinedRoomMembers' | 'getRoomStateEvent'>;

export class RoomFacts {
  private readonly members = new BoundedMap<string, readonly string[]>(5_000);
  private readonly encrypted = new BoundedMap<string, boolean>(5_000);

  constructor(private readonly client: RoomApi) {}

  async joinedMembers(roomId: string): Promise<readonly string[]> {
    let members = this.members.get(roomId);
    if (!members) {
      members = await this.client.getJoinedRoomMembers(roomId);
      this.members.set(roomId, members);
    }
    return members;
  }

  /** A room with the bot and at most one other member counts as a direct chat. */
  async isDirect(roomId: string): Promise<boolean> {
    return (await this.joinedMembers(roomId)).length <= 2;
  }

  async isEncrypted(roomId: string): Promise<boolean> {
    let known = this.encrypted.get(roomId);
    if (known === undefined) {
      known = await this.client.getRoomStateEvent(roomId, 'm.room.encryption', '').then(
        (content: unknown) => Boolean(content && typeof content === 'object' && 'algorithm' in content),
        (err: unknown) => {
          if ((err as { errcode?: unknown }).errcode === 'M_NOT_FOUND') return false;
          throw err;
        },
      );
      this.encrypted.set(roomId, known);
    }
    return known;
  }

  markEncrypted(roomId: string): void {
    this.encrypted.set(roomId, true);
  }

  membershipChanged(roomId: string): void {
    this.members.delete(roomId);
  }

  forget(roomId: string): void {
    this.members.delete(roomId);
    this.encrypted.delete(roomId);
  }
}
