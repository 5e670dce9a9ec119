import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, waitFor } from './harness.js';

describe('Matrix invites', () => {
  let h: Harness;
  beforeEach(async () => {
    h = new Harness();
    await h.server.start();
  });
  afterEach(() => h.close());

  it('joins a room it is invited to and greets once with the menu', async () => {
    const { engine } = await h.startBot();
    const room = h.m.createRoom({ members: ['@alice:fake.test'] });
    h.m.invite(room, '@alice:fake.test');
    await waitFor(() => h.m.botMessages(room).length > 0, 'greeting');
    expect(h.m.membership(room)).toBe('join');
    const greeting = h.m.botMessages(room)[0]!.content;
    expect(greeting.msgtype).toBe('m.notice');
    expect(greeting.format).toBe('org.matrix.custom.html');
    expect(String(greeting.body)).toContain(engine.content.topics.get('start')!.text.de.title);
    expect(String(greeting.body)).toMatch(/\[1\]/);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.m.botMessages(room)).toHaveLength(1);
  });
});
