/**
 * The state behind the fake homeserver: rooms, memberships, one event stream with sync positions,
 * transaction-id dedupe, and what the bot sent. It outlives a server restart, like a real database.
 */

export interface FakeEvent {
  readonly event_id: string;
  readonly room_id: string;
  readonly type: string;
  readonly sender: string;
  readonly origin_server_ts: number;
  readonly content: Record<string, unknown>;
  readonly state_key?: string;
}

/** Where the bot sees a stream item in /sync: its membership in the room right after the event. */
export type Section = 'join' | 'invite' | 'leave';

interface StreamItem {
  readonly pos: number;
  readonly section: Section;
  readonly event: FakeEvent;
}

interface Room {
  readonly id: string;
  readonly members: Map<string, string>;
  readonly state: Map<string, FakeEvent>;
  readonly timeline: FakeEvent[];
}

export interface SentByBot {
  readonly roomId: string;
  readonly txnId: string;
  readonly type: string;
  readonly content: Record<string, unknown>;
  readonly at: number;
}

export class FakeMatrix {
  readonly botUserId = '@bot:fake.test';
  readonly botDisplayName = 'KI-Bot';
  readonly accessToken = 'fake-access-token';
  readonly rooms = new Map<string, Room>();
  readonly stream: StreamItem[] = [];
  /** Every PUT /send the bot made, retries and duplicates included. */
  readonly sendAttempts: SentByBot[] = [];
  readonly accountData = new Map<string, unknown>();
  private readonly txns = new Map<string, string>();
  private readonly waiters = new Set<() => void>();
  private counter = 0;

  get position(): number {
    return this.stream.length;
  }

  createRoom(opts: {
    members: readonly string[];
    encrypted?: boolean;
    botJoined?: boolean;
    ts?: number;
  }): string {
    const id = `!room${++this.counter}:fake.test`;
    this.rooms.set(id, { id, members: new Map(), state: new Map(), timeline: [] });
    const creator = opts.members[0] ?? '@alice:fake.test';
    this.state(id, creator, 'm.room.create', '', { creator }, opts.ts);
    for (const user of opts.members)
      this.state(id, user, 'm.room.member', user, { membership: 'join' }, opts.ts);
    if (opts.encrypted)
      this.state(id, creator, 'm.room.encryption', '', { algorithm: 'm.megolm.v1.aes-sha2' }, opts.ts);
    if (opts.botJoined)
      this.state(id, this.botUserId, 'm.room.member', this.botUserId, { membership: 'join' }, opts.ts);
    return id;
  }

  invite(roomId: string, from: string, direct = true): void {
    this.state(roomId, from, 'm.room.member', this.botUserId, { membership: 'invite', is_direct: direct });
  }

  say(
    roomId: string,
    sender: string,
    body: string,
    extra: Record<string, unknown> = {},
    ts?: number,
  ): FakeEvent {
    return this.add(roomId, sender, 'm.room.message', { msgtype: 'm.text', body, ...extra }, undefined, ts);
  }

  state(
    roomId: string,
    sender: string,
    type: string,
    stateKey: string,
    content: Record<string, unknown>,
    ts?: number,
  ): FakeEvent {
    return this.add(roomId, sender, type, content, stateKey, ts);
  }

  add(
    roomId: string,
    sender: string,
    type: string,
    content: Record<string, unknown>,
    stateKey?: string,
    ts?: number,
  ): FakeEvent {
    const room = this.room(roomId);
    const event: FakeEvent = {
      event_id: `$e${++this.counter}`,
      room_id: roomId,
      type,
      sender,
      origin_server_ts: ts ?? Date.now(),
      content,
      ...(stateKey === undefined ? {} : { state_key: stateKey }),
    };
    if (stateKey !== undefined) room.state.set(`${type}|${stateKey}`, event);
    if (type === 'm.room.member' && stateKey !== undefined)
      room.members.set(stateKey, String(content.membership));
    room.timeline.push(event);
    const section = this.sectionOf(room, event);
    if (section) {
      this.stream.push({ pos: this.stream.length + 1, section, event });
      setImmediate(() => this.wake());
    }
    return event;
  }

  membership(roomId: string, userId = this.botUserId): string | undefined {
    return this.room(roomId).members.get(userId);
  }

  joinedMembers(roomId: string): string[] {
    return [...this.room(roomId).members].filter(([, m]) => m === 'join').map(([u]) => u);
  }

  stateEvent(roomId: string, type: string, stateKey: string): FakeEvent | undefined {
    return this.room(roomId).state.get(`${type}|${stateKey}`);
  }

  roomState(roomId: string): FakeEvent[] {
    return [...this.room(roomId).state.values()];
  }

  timeline(roomId: string): readonly FakeEvent[] {
    return this.room(roomId).timeline;
  }

  /** Messages the bot posted in a room (after dedupe), oldest first. */
  botMessages(roomId: string): FakeEvent[] {
    return this.timeline(roomId).filter((e) => e.sender === this.botUserId && e.type === 'm.room.message');
  }

  /** A PUT /send: the same transaction id returns the first event, like a real homeserver. */
  sendFromBot(roomId: string, type: string, txnId: string, content: Record<string, unknown>): string {
    this.sendAttempts.push({ roomId, txnId, type, content, at: Date.now() });
    const key = `${roomId}|${txnId}`;
    const known = this.txns.get(key);
    if (known) return known;
    const event = this.add(roomId, this.botUserId, type, content);
    this.txns.set(key, event.event_id);
    return event.event_id;
  }

  itemsSince(pos: number): StreamItem[] {
    return this.stream.slice(pos);
  }

  /** Resolves when a new stream item arrives or after `ms`. */
  waitForItems(pos: number, ms: number): Promise<void> {
    if (this.stream.length > pos || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** The bot sees events of rooms it is in, its own invite, and its own leave, nothing after that. */
  private sectionOf(room: Room, event: FakeEvent): Section | undefined {
    const m = room.members.get(this.botUserId);
    const own = event.type === 'm.room.member' && event.state_key === this.botUserId;
    if (m === 'join') return 'join';
    if (m === 'invite' && own) return 'invite';
    if ((m === 'leave' || m === 'ban') && own) return 'leave';
    return undefined;
  }

  private room(roomId: string): Room {
    const room = this.rooms.get(roomId);
    if (!room) throw new Error(`fake homeserver: no room ${roomId}`);
    return room;
  }
}
