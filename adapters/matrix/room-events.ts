/**
 * What the bot does with each sync event: accept invites (optionally only from allowed servers), greet
 * after joining, answer messages meant for it, note when it can no longer reach a room, and explain once
 * when a room is encrypted and it cannot read it. Every handler catches its own errors, so one bad event
 * never stops the sync.
 */
import type { Button, Reply } from '../../src/message.js';
import type { ConversationStatus } from '../../src/platform.js';
import type { Logger } from '../../src/ports.js';
import { parseChoice } from '../../src/render/choices.js';
import { addressedText, type SelfIdentity } from './address.js';
import type { BoundedMap } from './bounded-map.js';
import { isFreshForeign, skipReason, type RoomMessageEvent } from './event-filter.js';
import { encryptedRoomNotice } from './notices.js';
import type { RoomFacts } from './rooms.js';
import { conversationOf, type MatrixSender } from './sender.js';
import type { FileStateStore } from './state-store.js';
import type { MatrixEngine } from './engine-port.js';

export interface RoomEventDeps {
  readonly client: { joinRoom(roomId: string): Promise<string>; leaveRoom(roomId: string): Promise<unknown> };
  readonly engine: MatrixEngine;
  readonly sender: MatrixSender;
  readonly rooms: RoomFacts;
  readonly status: ConversationStatus;
  readonly store: FileStateStore;
  readonly choices: BoundedMap<string, readonly Button[]>;
  readonly self: () => SelfIdentity;
  readonly notBefore: () => number;
  readonly allowedServers: readonly string[];
  /** True when the client can decrypt (MATRIX_E2EE with the native library). */
  readonly canDecrypt: boolean;
  readonly logger: Logger;
}

interface MatrixEvent extends RoomMessageEvent {
  readonly type?: unknown;
  readonly state_key?: unknown;
}

const noticeFlag = (roomId: string): string => `encrypted_notice:${roomId}`;

export class RoomEvents {
  constructor(private readonly deps: RoomEventDeps) {}

  /** The sync loop's emit function: the SDK's event name and its arguments. Never throws. */
  async dispatch(name: string, payload: readonly unknown[]): Promise<void> {
    const roomId = payload[0];
    const event = (payload[1] ?? {}) as MatrixEvent;
    if (typeof roomId !== 'string') return;
    const log = this.deps.logger.child({ platform: 'matrix', room: roomId, event: typeof event.event_id === 'string' ? event.event_id : undefined, kind: name });
    try {
      switch (name) {
        case 'room.invite':
          return await this.onInvite(roomId, event, log);
        case 'room.join':
          return await this.onJoin(roomId, event, log);
        case 'room.leave':
          return await this.onLeave(roomId, event, log);
        case 'room.message':
          return await this.onMessage(roomId, event, log);
        case 'room.event':
          return await this.onRoomEvent(roomId, event, log);
      }
    } catch (err) {
      log.error({ err }, 'matrix event handling failed');
    }
  }

  private async onInvite(roomId: string, event: MatrixEvent, log: Logger): Promise<void> {
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

  /** Our own join arrived in the timeline: greet with the menu (or explain encryption). */
  private async onJoin(roomId: string, event: MatrixEvent, log: Logger): Promise<void> {
    const conversation = conversationOf(roomId);
    this.deps.rooms.forget(roomId);
    await this.deps.status.markActive(conversation);
    if (!this.deps.canDecrypt && (await this.deps.rooms.isEncrypted(roomId))) {
      await this.explainEncryption(roomId, log);
      return;
    }
    const replies = await this.deps.engine.handle({ conversation, text: '/start' });
    await this.deliver(conversation, replies, `greet:${String(event.event_id ?? roomId)}`, log);
    log.info({}, 'matrix room greeted');
  }

  private async onLeave(roomId: string, event: MatrixEvent, log: Logger): Promise<void> {
    const conversation = conversationOf(roomId);
    const membership = event.content?.membership;
    const reason = event.sender === this.deps.self().userId ? 'left' : membership === 'ban' ? 'banned' : 'kicked';
    this.deps.rooms.forget(roomId);
    this.deps.choices.delete(roomId);
    await this.deps.store.deleteValue(noticeFlag(roomId));
    // Leaving on our own after the partner left keeps that (more telling) reason.
    if (reason === 'left' && !(await this.deps.status.isActive(conversation))) return;
    await this.deps.status.markInactive(conversation, `matrix ${reason}`);
    log.info({ reason }, 'matrix room no longer reachable');
  }

  private async onRoomEvent(roomId: string, event: MatrixEvent, log: Logger): Promise<void> {
    const { rooms, self } = this.deps;
    const ctx = { selfUserId: self().userId, notBefore: this.deps.notBefore() };
    if (event.type === 'm.room.encryption') rooms.markEncrypted(roomId);
    if (event.type === 'm.room.encrypted' && !this.deps.canDecrypt && isFreshForeign(event, ctx)) {
      rooms.markEncrypted(roomId);
      await this.explainEncryption(roomId, log);
    }
    if (event.type === 'm.room.member' && event.state_key !== ctx.selfUserId) {
      rooms.membershipChanged(roomId);
      const membership = event.content?.membership;
      const fresh = typeof event.origin_server_ts === 'number' && event.origin_server_ts >= ctx.notBefore;
      if ((membership === 'leave' || membership === 'ban') && fresh) {
        await this.leaveIfAlone(roomId, log);
      }
    }
  }

  private async leaveIfAlone(roomId: string, log: Logger): Promise<void> {
    const selfId = this.deps.self().userId;
    const members = await this.deps.rooms.joinedMembers(roomId);
    if (members.some((m) => m !== selfId)) return;
    await this.deps.status.markInactive(conversationOf(roomId), 'matrix partner left');
    await this.deps.client.leaveRoom(roomId);
    log.info({}, 'matrix room left: nobody else is in it');
  }

  private async onMessage(roomId: string, event: MatrixEvent, log: Logger): Promise<void> {
    const self = this.deps.self();
    const skip = skipReason(event, { selfUserId: self.userId, notBefore: this.deps.notBefore() });
    if (skip) {
      log.debug({ skip }, 'matrix message ignored');
      return;
    }
    const content = event.content!;
    const direct = await this.deps.rooms.isDirect(roomId);
    const mentions = (content['m.mentions'] as { user_ids?: unknown } | undefined)?.user_ids;
    const text = addressedText(
      {
        body: content.body as string,
        formattedBody: content.format === 'org.matrix.custom.html' && typeof content.formatted_body === 'string' ? content.formatted_body : undefined,
        mentionedUserIds: Array.isArray(mentions) ? mentions.filter((m): m is string => typeof m === 'string') : undefined,
        isReply: Boolean((content['m.relates_to'] as { 'm.in_reply_to'?: unknown } | undefined)?.['m.in_reply_to']),
        direct,
      },
      self,
      (name) => this.deps.engine.isCommand(name),
    );
    if (text === undefined) return;
    const conversation = conversationOf(roomId);
    // It reads the room, so it is in the room: whatever marked it unreachable is over.
    if (!(await this.deps.status.isActive(conversation))) await this.deps.status.markActive(conversation);
    const n = parseChoice(text);
    const chosen = n === undefined ? undefined : this.deps.choices.get(roomId)?.[n - 1];
    const user = event.sender as string;
    const replies =
      chosen?.kind === 'action'
        ? await this.deps.engine.handle({ conversation, user, action: chosen.action })
        : chosen?.kind === 'url'
          ? [{ blocks: [{ kind: 'paragraph' as const, content: [{ kind: 'link' as const, href: chosen.url, children: [{ kind: 'text' as const, text: chosen.label }] }] }], buttons: [] }]
          : await this.deps.engine.handle({ conversation, user, text });
    await this.deliver(conversation, replies, `reply:${String(event.event_id)}`, log);
    log.info({ direct, choice: chosen?.kind ?? null, replies: replies.length }, 'matrix message answered');
  }

  /** Posts the encrypted-room notice once per room (remembered in the state file). */
  private async explainEncryption(roomId: string, log: Logger): Promise<void> {
    const flag = noticeFlag(roomId);
    if (this.deps.store.readValue(flag)) return;
    await this.deliver(conversationOf(roomId), [encryptedRoomNotice()], `encrypted:${roomId}`, log);
    await this.deps.store.storeValue(flag, new Date().toISOString());
    log.info({}, 'matrix encrypted room: notice posted');
  }

  private async deliver(conversation: string, replies: readonly Reply[], key: string, log: Logger): Promise<void> {
    for (const [i, reply] of replies.entries()) {
      try {
        await this.deps.sender.send(conversation, reply, `${key}:${i}`);
      } catch (err) {
        log.warn({ err }, 'matrix reply not delivered');
        return;
      }
    }
  }
}
