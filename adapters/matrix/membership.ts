/**
 * Rooms coming and going: accept invites (optionally only from MATRIX_ALLOWED_SERVERS), greet once after
 * joining, record rooms the bot was kicked from or left alone in, and post the encrypted-room notice once
 * per room when the bot cannot decrypt.
 */
import type { Logger } from '../../src/ports/capabilities.js';
import { isFreshForeign } from './event-filter.js';
import { encryptedRoomNotice } from './notices.js';
import { deliverAll, type MatrixEvent, type RoomEventDeps } from './handler-deps.js';
import { conversationOf } from './sender.js';

const noticeFlag = (roomId: string): string => `encrypted_notice:${roomId}`;

export class Membership {
  constructor(private readonly deps: RoomEventDeps) {}

  async onInvite(roomId: string, event: MatrixEvent, log: Logger): Promise<void> {
    const inviter = typeof event.sender === 'string' ? event.sender : '';
    const server = inviter.slice(inviter.indexOf(':') + 1);
    const { allowedServers, client } = this.deps;
    if (allowedServers.length && !allowedServers.includes(server)) {
      log.info({ server }, 'matrix invite declined: server not in MATRIX_ALLOWED_SERVERS');
      await client.leaveRoom(roomId);
      return;
    }
    await client.joinRoom(roomId);
    log.info({}, 'matrix invite accepted');
  }

  /** Our own join arrived in the timeline: greet with the menu, or explain that we cannot read the room. */
  async onJoin(roomId: string, event: MatrixEvent, log: Logger): Promise<void> {
    const conversation = conversationOf(roomId);
    this.deps.rooms.forget(roomId);
    await this.deps.status.markActive(conversation);
    if (!this.deps.canDecrypt && (await this.deps.rooms.isEncrypted(roomId))) {
      await this.explainEncryption(roomId, log);
      return;
    }
    const replies = await this.deps.engine.handle({ conversation, text: '/start' });
    if (
      await deliverAll(
        this.deps.sender,
        conversation,
        replies,
        `greet:${typeof event.event_id === 'string' ? event.event_id : roomId}`,
        log,
      )
    ) {
      log.info({}, 'matrix room greeted');
    }
  }

  async onLeave(roomId: string, event: MatrixEvent, log: Logger): Promise<void> {
    const conversation = conversationOf(roomId);
    const reason =
      event.sender === this.deps.self().userId
        ? 'left'
        : event.content?.membership === 'ban'
          ? 'banned'
          : 'kicked';
    this.deps.rooms.forget(roomId);
    await this.deps.choices.delete(roomId);
    await this.deps.store.deleteValue(noticeFlag(roomId));
    // Leaving on our own after the partner left keeps that (more telling) reason.
    if (reason === 'left' && !(await this.deps.status.isActive(conversation))) return;
    await this.deps.status.markInactive(conversation, `matrix ${reason}`);
    log.info({ reason }, 'matrix room no longer reachable');
  }

  async onRoomEvent(roomId: string, event: MatrixEvent, log: Logger): Promise<void> {
    const { rooms } = this.deps;
    const ctx = { selfUserId: this.deps.self().userId, notBefore: this.deps.notBefore() };
    if (event.type === 'm.room.encryption') rooms.markEncrypted(roomId);
    if (event.type === 'm.room.encrypted' && !this.deps.canDecrypt && isFreshForeign(event, ctx)) {
      rooms.markEncrypted(roomId);
      await this.explainEncryption(roomId, log);
    }
    if (event.type === 'm.room.member' && event.state_key !== ctx.selfUserId) {
      rooms.membershipChanged(roomId);
      const gone = event.content?.membership === 'leave' || event.content?.membership === 'ban';
      const fresh = typeof event.origin_server_ts === 'number' && event.origin_server_ts >= ctx.notBefore;
      if (gone && fresh) await this.leaveIfAlone(roomId, log);
    }
  }

  /** The direct-chat partner (or the last member) left: nobody can read us here any more. */
  private async leaveIfAlone(roomId: string, log: Logger): Promise<void> {
    const selfId = this.deps.self().userId;
    const members = await this.deps.rooms.joinedMembers(roomId);
    if (members.some((m) => m !== selfId)) return;
    await this.deps.status.markInactive(conversationOf(roomId), 'matrix partner left');
    await this.deps.client.leaveRoom(roomId);
    log.info({}, 'matrix room left: nobody else is in it');
  }

  /** Posts the encrypted-room notice once per room (remembered in the state file, also across restarts). */
  private async explainEncryption(roomId: string, log: Logger): Promise<void> {
    const flag = noticeFlag(roomId);
    if (this.deps.store.readValue(flag)) return;
    await deliverAll(
      this.deps.sender,
      conversationOf(roomId),
      [encryptedRoomNotice(this.deps.engine.content())],
      `encrypted:${roomId}`,
      log,
    );
    // Remembered even if it could not be posted: trying again on every encrypted message helps nobody.
    await this.deps.store.storeValue(flag, new Date().toISOString());
    log.info({}, 'matrix encrypted room: notice posted');
  }
}
