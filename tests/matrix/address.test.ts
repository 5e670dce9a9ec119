import { describe, expect, it } from 'vitest';
import {
  addressedText,
  hasPill,
  stripLeadingMention,
  stripReplyFallback,
} from '../../adapters/matrix/address.js';
import { skipReason } from '../../adapters/matrix/event-filter.js';

const self = { userId: '@bot:fake.test', displayName: 'KI-Bot' };
const known = (name: string): boolean => ['instagram', 'frist', 'start'].includes(name);
const group = (body: string, extra: object = {}) =>
  addressedText({ body, isReply: false, direct: false, ...extra }, self, known);

describe('Matrix addressing', () => {
  it('takes every message in a direct chat', () => {
    expect(addressedText({ body: 'hallo', isReply: false, direct: true }, self, known)).toBe('hallo');
    expect(addressedText({ body: 'KI-Bot: instagram', isReply: false, direct: true }, self, known)).toBe(
      'instagram',
    );
  });

  it.each([
    ['@bot: instagram', 'instagram'],
    ['@bot instagram', 'instagram'],
    ['@bot:fake.test: instagram', 'instagram'],
    ['@bot:fake.test instagram', 'instagram'],
    ['KI-Bot: instagram', 'instagram'],
    ['ki-bot, instagram', 'instagram'],
    ['bot: frist', 'frist'],
    ['!instagram', '!instagram'],
    ['/frist', '/frist'],
  ])('answers "%s" in a group room as "%s"', (body, expected) => {
    expect(group(body)).toBe(expected);
  });

  it.each([
    'instagram',
    'bot ist toll',
    '@bot:other.server hallo',
    '@botanist hallo',
    '!ban @x:y',
    '3',
    'Wie widerspreche ich?',
  ])('stays quiet on "%s" in a group room', (body) => {
    expect(group(body)).toBeUndefined();
  });

  it('counts pills, intentional mentions and replies to the bot as addressing it', () => {
    expect(group('hilf mir bei instagram', { mentionedUserIds: ['@bot:fake.test'] })).toBe(
      'hilf mir bei instagram',
    );
    expect(
      group('x', { formattedBody: 'hey <a href="https://matrix.to/#/%40bot%3Afake.test">KI-Bot</a> x' }),
    ).toBe('x');
    expect(group('> <@bot:fake.test> Menü\n\ninstagram', { isReply: true })).toBe('instagram');
    expect(group('> <@alice:fake.test> !ban\n\ndanke', { isReply: true })).toBeUndefined();
  });

  it('does not take a pill inside a quoted reply as a mention', () => {
    expect(
      hasPill('<mx-reply><a href="https://matrix.to/#/@bot:fake.test">bot</a></mx-reply>ok', self.userId),
    ).toBe(false);
  });

  it('strips a reply fallback down to the new text', () => {
    expect(stripReplyFallback('> <@a:b> eins\n> zwei\n\ndrei', '@bot:x')).toEqual({
      text: 'drei',
      repliedToSelf: false,
    });
    expect(stripLeadingMention('instagram', self)).toBeUndefined();
  });
});

describe('Matrix event filter', () => {
  const ctx = { selfUserId: '@bot:fake.test', notBefore: 1_000 };
  const event = (over: object = {}, content: object = {}) => ({
    event_id: '$1',
    sender: '@alice:fake.test',
    origin_server_ts: 2_000,
    content: { msgtype: 'm.text', body: 'hi', ...content },
    ...over,
  });

  it('lets a fresh text message from someone else through', () =>
    expect(skipReason(event(), ctx)).toBeUndefined());
  it('skips its own messages', () =>
    expect(skipReason(event({ sender: '@bot:fake.test' }), ctx)).toBe('own'));
  it('skips messages from before the start', () =>
    expect(skipReason(event({ origin_server_ts: 999 }), ctx)).toBe('old'));
  it('skips edits', () =>
    expect(skipReason(event({}, { 'm.relates_to': { rel_type: 'm.replace' } }), ctx)).toBe('edit'));
  it('skips notices', () => expect(skipReason(event({}, { msgtype: 'm.notice' }), ctx)).toBe('notice'));
  it('skips images', () => expect(skipReason(event({}, { msgtype: 'm.image' }), ctx)).toBe('not_text'));
  it('skips malformed events', () => expect(skipReason({ content: {} }, ctx)).toBe('malformed'));
});
