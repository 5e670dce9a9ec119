import { describe, expect, it } from 'vitest';
import {
  calendarDaysUntil,
  inSendWindow,
  laterDueAt,
  nextWindowStart,
  reminderDueAt,
} from '../../src/scheduler/timing.js';

const berlin = 'Europe/Berlin';
const iso = (d: Date) => d.toISOString();

describe('reminder times in Europe/Berlin', () => {
  it('stay at 10:00 local across the spring switch to summer time (29 March 2026)', () => {
    const deadline = new Date('2026-03-31T22:00:00Z'); // 1 April 2026, 00:00 CEST
    expect(iso(reminderDueAt(deadline, 7, berlin))).toBe('2026-03-25T09:00:00.000Z'); // 10:00 CET
    expect(iso(reminderDueAt(deadline, 1, berlin))).toBe('2026-03-31T08:00:00.000Z'); // 10:00 CEST
    expect(iso(reminderDueAt(deadline, 0, berlin))).toBe('2026-04-01T08:00:00.000Z');
  });

  it('stay at 10:00 local across the autumn switch to winter time (25 October 2026)', () => {
    const deadline = new Date('2026-10-27T23:00:00Z'); // 28 October 2026, 00:00 CET
    expect(iso(reminderDueAt(deadline, 7, berlin))).toBe('2026-10-21T08:00:00.000Z'); // 10:00 CEST
    expect(iso(reminderDueAt(deadline, 1, berlin))).toBe('2026-10-27T09:00:00.000Z'); // 10:00 CET
  });

  it('follow the subscriber’s own time zone', () => {
    const deadline = new Date('2026-06-10T10:00:00Z');
    expect(iso(reminderDueAt(deadline, 1, 'America/New_York'))).toBe('2026-06-09T14:00:00.000Z');
  });

  it('plan "tomorrow" and "in a week" at 10:00 local, also over a switch', () => {
    expect(iso(laterDueAt(new Date('2026-03-28T20:00:00Z'), 1, berlin))).toBe('2026-03-29T08:00:00.000Z');
    expect(iso(laterDueAt(new Date('2026-10-20T12:00:00Z'), 7, berlin))).toBe('2026-10-27T09:00:00.000Z');
  });
});

describe('the sending window (09:00–20:00 local)', () => {
  it('is open at 09:00 and closed at 20:00 and at night', () => {
    expect(inSendWindow(new Date('2026-07-01T07:00:00Z'), berlin)).toBe(true); // 09:00 CEST
    expect(inSendWindow(new Date('2026-07-01T06:59:00Z'), berlin)).toBe(false);
    expect(inSendWindow(new Date('2026-07-01T18:00:00Z'), berlin)).toBe(false); // 20:00 CEST
    expect(inSendWindow(new Date('2026-01-01T02:00:00Z'), berlin)).toBe(false);
  });

  it('reopens the same morning before 09:00 and the next morning after 20:00', () => {
    expect(iso(nextWindowStart(new Date('2026-07-01T03:00:00Z'), berlin))).toBe('2026-07-01T07:00:00.000Z');
    expect(iso(nextWindowStart(new Date('2026-07-01T19:30:00Z'), berlin))).toBe('2026-07-02T07:00:00.000Z');
    expect(iso(nextWindowStart(new Date('2026-03-28T21:00:00Z'), berlin))).toBe('2026-03-29T07:00:00.000Z'); // 09:00 CEST
  });

  it('counts calendar days, not 24-hour blocks', () => {
    expect(
      calendarDaysUntil(new Date('2026-03-28T22:30:00Z'), new Date('2026-03-31T22:00:00Z'), berlin),
    ).toBe(4); // 28 March 23:30 → 1 April
    expect(
      calendarDaysUntil(new Date('2026-04-01T08:00:00Z'), new Date('2026-04-01T20:00:00Z'), berlin),
    ).toBe(0);
  });
});
