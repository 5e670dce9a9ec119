/**
 * Builds /sync answers from the fake stream: an initial sync (no `since`) with joined rooms' recent
 * timeline and pending invites, or the items after `since`, grouped into join / invite / leave sections.
 */
import type { FakeEvent, FakeMatrix } from './fake-matrix.js';

const stripped = (e: FakeEvent) => ({
  type: e.type,
  state_key: e.state_key,
  sender: e.sender,
  content: e.content,
});

export function syncResponse(m: FakeMatrix, since: number | undefined): Record<string, unknown> {
  const join: Record<string, { timeline: { events: FakeEvent[]; limited: boolean } }> = {};
  const invite: Record<string, { invite_state: { events: unknown[] } }> = {};
  const leave: Record<string, { timeline: { events: FakeEvent[] } }> = {};
  if (since === undefined) {
    for (const id of m.rooms.keys()) {
      const membership = m.membership(id);
      if (membership === 'join')
        join[id] = { timeline: { events: m.timeline(id).slice(-20), limited: true } };
      if (membership === 'invite') invite[id] = { invite_state: { events: m.roomState(id).map(stripped) } };
    }
  } else {
    for (const item of m.itemsSince(since)) {
      const id = item.event.room_id;
      if (item.section === 'join')
        (join[id] ??= { timeline: { events: [], limited: false } }).timeline.events.push(item.event);
      if (item.section === 'leave')
        (leave[id] ??= { timeline: { events: [] } }).timeline.events.push(item.event);
      if (item.section === 'invite') invite[id] = { invite_state: { events: m.roomState(id).map(stripped) } };
    }
  }
  return { next_batch: `s${m.position}`, rooms: { join, invite, leave }, account_data: { events: [] } };
}
