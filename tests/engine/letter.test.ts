/**
 * /brief and /letter in the chats: the explanation (topic "brief"), then the German letter as a message of
 * its own (copyable whole), the right letter per service, the "Letter" button under the objection topics,
 * and nothing stored about the conversation.
 */
import { describe, expect, it } from 'vitest';
import { lettersOf } from '../../src/content/letters.js';
import { LANGS } from '../../src/content/types.js';
import { decodeAction, encodeAction } from '../../src/message/actions.js';
import type { Reply } from '../../src/message/model.js';
import { renderPlainBlocks } from '../../src/render/plain.js';
import { realContent } from '../helpers/content.js';
import { makeEngine, plain, titleOf } from '../helpers/engine.js';

const content = realContent();
const say = (text: string, conversation = 'test:letter') =>
  makeEngine().engine.handle({ conversation, text });

/** Every action button of a reply, decoded. */
const actions = (reply: Reply) =>
  reply.buttons.flat().flatMap((b) => (b.kind === 'action' ? [decodeAction(b.action)] : []));

describe('the objection letter in the chats', () => {
  it('/brief gives the explanation, a short note, then the Meta letter alone in its own message', async () => {
    const replies = await say('/brief');
    expect(replies).toHaveLength(3);
    expect(titleOf(replies[0]!)).toBe(content.topics.get('brief')!.text.de.title);
    expect(plain(replies[1]!)).toContain('Meta Platforms Ireland Limited');
    // The message text alone (the plain renderer adds the buttons as numbered choices below it).
    const letter = renderPlainBlocks(replies[2]!.blocks, { self: '' });
    expect(letter.startsWith('[Vorname Nachname]\n')).toBe(true);
    expect(letter).toContain('Merrion Road\nDublin 4, D04 X2K5');
    expect(letter).toContain('Art. 21 Abs. 1 DSGVO');
    expect(letter).toContain('Art. 12 Abs. 3 DSGVO');
    expect(letter).toMatch(/\[E-Mail-Adresse\]/);
    // Nothing but the letter in it: the note and the explanation are separate messages.
    expect(letter).not.toContain(content.ui.de.web_letter_heading);
    expect(letter.endsWith('[Unterschrift]')).toBe(true);
  });

  it('/letter whatsapp (and the German word) gives the WhatsApp letter, to WhatsApp Ireland Limited', async () => {
    for (const text of ['/letter whatsapp', '/brief WhatsApp', '/brief wa']) {
      const replies = await say(text);
      const letter = plain(replies.at(-1)!);
      expect(letter, text).toContain('WhatsApp Ireland Limited');
      expect(letter, text).not.toContain('Merrion Road');
    }
  });

  it('keeps the letter German in every language and explains it in the reader’s language', async () => {
    const { engine, preferences } = makeEngine();
    for (const lang of LANGS) {
      const conversation = `test:letter-${lang}`;
      await preferences.setLanguage(conversation, lang);
      const replies = await engine.handle({ conversation, text: '/letter' });
      expect(titleOf(replies[0]!), lang).toBe(content.topics.get('brief')!.text[lang].title);
      expect(plain(replies.at(-1)!), lang).toContain('Sehr geehrte Damen und Herren');
    }
  });

  it('names the letters there are for an unknown service', async () => {
    const [reply, ...rest] = await say('/brief myspace');
    expect(rest).toEqual([]);
    for (const l of lettersOf(content)) expect(plain(reply!)).toContain(l.services);
  });

  it('puts a "Letter" button under Instagram, Facebook, Messenger and WhatsApp, and it opens that letter', async () => {
    const { engine } = makeEngine();
    for (const [topic, letter] of [
      ['instagram', 'meta'],
      ['facebook', 'meta'],
      ['messenger', 'meta'],
      ['whatsapp', 'whatsapp'],
    ] as const) {
      expect(actions(engine.topicReply(topic, 'de')), topic).toContainEqual({ type: 'letter', letter });
    }
    expect(actions(engine.topicReply('gemini', 'de')).some((a) => a?.type === 'letter')).toBe(false);
    const replies = await engine.handle({
      conversation: 'test:button',
      action: encodeAction({ type: 'letter', letter: 'whatsapp' }),
    });
    expect(plain(replies.at(-1)!)).toContain('WhatsApp Ireland Limited');
    const forged = await engine.handle({ conversation: 'test:button', action: 'b:nope' });
    expect(plain(forged[0]!)).toContain(content.ui.de.bad_action.slice(0, 20));
  });

  it('stores nothing about the conversation', async () => {
    const { engine, preferences } = makeEngine();
    await engine.handle({ conversation: 'test:quiet', text: '/brief' });
    await engine.handle({ conversation: 'test:quiet', text: '/letter whatsapp' });
    expect(await preferences.getLanguagePreference('test:quiet')).toBeUndefined();
  });
});
