/**
 * The sync loop's emit function: routes each SDK event (room.invite, room.join, room.leave, room.message,
 * room.event) to its handler with a pino child logger per event, and catches every error, so one bad
 * event never stops the sync.
 */
import type { MatrixEvent, RoomEventDeps } from './handler-deps.js';
import { errorFields } from './log-fields.js';
import { Membership } from './membership.js';
import { Messages } from './messages.js';

export class RoomEvents {
  private readonly membership: Membership;
  private readonly messages: Messages;

  constructor(private readonly deps: RoomEventDeps) {
    this.membership = new Membership(deps);
    this.messages = new Messages(deps);
  }

  async dispatch(name: string, payload: readonly unknown[]): Promise<void> {
    const [roomId, raw] = payload;
    if (typeof roomId !== 'string') return;
    const event = (raw ?? {}) as MatrixEvent;
    const eventId = typeof event.event_id === 'string' ? event.event_id : undefined;
    const log = this.deps.logger.child({ room: this.deps.hashRoom(roomId), event: eventId, kind: name });
    try {
      switch (name) {
        case 'room.invite':
          return await this.membership.onInvite(roomId, event, log);
        case 'room.join':
          return await this.membership.onJoin(roomId, event, log);
        case 'room.leave':
          return await this.membership.onLeave(roomId, event, log);
        case 'room.event':
          return await this.membership.onRoomEvent(roomId, event, log);
        case 'room.message':
          return await this.messages.onMessage(roomId, event, log);
      }
    } catch (err) {
      log.error({ err: errorFields(err) }, 'matrix event handling failed');
    }
  }
}
