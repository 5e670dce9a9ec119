import { describe, expect, it } from 'vitest';
import { encodeAction } from '../../src/message/actions.js';
import { contentCopy } from '../helpers/content.js';
import { LANGS } from '../../src/content/languages.js';
import { loadContent } from '../../src/content/loader.js';
import { makeEngine, plain, titleOf } from '../helpers/engine.js';

const conversation = 'test:1';

async function ask(text: string, languageHint?: string) {
  const { engine } = makeEngine();
  const replies = await engine.handle({ conversation, text, languageHint });
  return replies;
}

describe('routing a question to its answer', () => {
  const cases: Record<string, string[]> = {
    instagram: [
      '/instagram',
      'instagram',
      'Wie widerspreche ich bei Instagram?',
      'insta',
      'INSTAGRAM',
      'instagramm',
      '!instagram',
      '/instagram@ki_bot',
    ],
    facebook: ['/facebook', 'facebook', 'Wie widerspreche ich bei Facebook?', 'fb', 'facebok'],
    whatsapp: ['/whatsapp', 'whatsapp', 'Was gilt bei WhatsApp?', 'whats app', 'whatsap'],
    messenger: ['/messenger', 'messenger', 'Und der Facebook Messenger?'],
    threads: ['/threads', 'threads'],
    linkedin: ['/linkedin', 'linkedin'],
    x: ['/x', 'grok', '/twitter'],
    gemini: ['/gemini', 'gemini'],
  };
  for (const [topic, inputs] of Object.entries(cases)) {
    for (const input of inputs) {
      it(`answers "${input}" with the ${topic} guide`, async () => {
        const [reply] = await ask(input);
        expect(reply?.topic).toBe(topic);
      });
    }
  }

  it('answers /start, /hilfe and /help with the menu', async () => {
    for (const input of ['/start', '/hilfe', '/help', 'hilfe', '/menü']) {
      const [reply] = await ask(input);
      expect(reply?.topic, input).toBe('start');
      expect(reply!.buttons.flat().length, input).toBeGreaterThan(5);
    }
  });

  it('folds umlauts both ways', async () => {
    const [a] = await ask('Wie funktioniert der Widerspruch für Facebook?');
    const [b] = await ask('Wie funktioniert der Widerspruch fuer Facebook?');
    expect(a?.topic).toBe('facebook');
    expect(b?.topic).toBe('facebook');
  });

  it('answers something it cannot place with a short menu, quoting the input safely', async () => {
    const replies = await ask('<b>Wetter</b> morgen in Köln?');
    expect(replies).toHaveLength(1);
    const text = plain(replies[0]!);
    expect(text).toContain('„<b>Wetter</b> morgen in Köln?“');
    const [md] = await ask('**fett** [klick](https://evil.example)');
    expect(md?.topic).toBeUndefined();
    expect(
      md!.blocks.flatMap((b) => (b.kind === 'list' ? [] : b.content)).every((n) => n.kind === 'text'),
    ).toBe(true);
    expect(replies[0]!.buttons.flat().length).toBeGreaterThan(5);
  });

  it('answers an unknown command with a notice and the menu', async () => {
    const [reply] = await ask('/tiktok');
    expect(plain(reply!)).toMatch(/„tiktok“ kenne ich nicht/);
  });

  it('answers empty text with a hint instead of silence', async () => {
    const [reply] = await ask('   ');
    expect(plain(reply!)).toMatch(/Schreib mir eine Frage/);
  });
});

describe('every guide answer', () => {
  it('is self-contained: title, Stand, sources, and how to reach the bot', async () => {
    for (const topic of ['instagram', 'facebook', 'whatsapp', 'messenger']) {
      const [reply] = await ask(`/${topic}`);
      const text = plain(reply!);
      expect(titleOf(reply!).length).toBeGreaterThan(5);
      expect(text).toMatch(/Stand: (Quellen geprüft am )?\d{1,2}\. \w+ 20\d\d/);
      expect(text).toMatch(/Quellen: .*https:\/\//);
      expect(text).toContain('https://t.me/test_bot');
      const labels = reply!.buttons.flat().map((b) => b.kind);
      expect(labels).toContain('share');
    }
  });

  it('gives the in-app path as the main route and the form link as a shortcut for Instagram and Facebook', async () => {
    for (const [topic, url] of [
      ['instagram', 'https://help.instagram.com/contact/767264225370182'],
      ['facebook', 'https://www.facebook.com/help/contact/6359191084165019'],
    ] as const) {
      const [reply] = await ask(`/${topic}`);
      const text = plain(reply!);
      expect(text).toContain(url);
      expect(text).toMatch(/Datenschutzrichtlinie/);
      expect(text).toMatch(/E-Mail/);
      expect(text).toMatch(/leer|Begründung|reason/);
    }
  });

  it('is in English when the platform hints English', async () => {
    const [reply] = await ask('/instagram', 'en-US');
    expect(plain(reply!)).toMatch(/Checked: (sources reviewed on )?\d{1,2} \w+ 20\d\d/);
  });
});

describe('languages', () => {
  it('picks German for a German hint and without a hint, English for other languages', async () => {
    expect(plain((await ask('/frist', 'de-AT'))[0]!)).toMatch(/Fristen/i);
    expect(plain((await ask('/frist'))[0]!)).toMatch(/Fristen/i);
    expect(plain((await ask('/frist', 'fr'))[0]!)).toMatch(/Deadlines/i);
  });

  it('remembers /sprache for the conversation and overrides the hint', async () => {
    const { engine, preferences } = makeEngine();
    const set = await engine.handle({ conversation, text: '/sprache en', languageHint: 'de' });
    expect(plain(set[0]!)).toMatch(/English/);
    const [after] = await engine.handle({ conversation, text: '/frist', languageHint: 'de' });
    expect(plain(after!)).toMatch(/Deadlines/i);
    expect(await preferences.getLanguage(conversation)).toBe('en');
    const [other] = await engine.handle({ conversation: 'test:2', text: '/frist', languageHint: 'de' });
    expect(plain(other!)).toMatch(/Fristen/i);
  });

  it('offers every registered language as a button when /sprache has no argument', async () => {
    const [reply] = await ask('/sprache');
    expect(reply!.buttons.flat().map((b) => (b.kind === 'action' ? b.action : ''))).toEqual(
      LANGS.map((l) => `l:${l}`),
    );
  });

  it('stores nothing for people who only read', async () => {
    const { engine, preferences } = makeEngine();
    for (let i = 0; i < 50; i++) await engine.handle({ conversation: `reader:${i}`, text: '/instagram' });
    expect(preferences.size).toBe(0);
  });
});

describe('/frist', () => {
  it('says that no deadline is open now and lists the past ones', async () => {
    const [reply] = await ask('/frist');
    const text = plain(reply!);
    expect(text).toMatch(/Uns ist derzeit keine offene Frist bekannt/);
    expect(text).toMatch(/27\. Mai 2025/);
    // When the list was last checked, from deadlines.yaml `checked`, like a topic's Stand line.
    expect(text).toMatch(/\nStand: 5\. Dezember 2026\n/);
    expect(text).toMatch(/3\. November 2025/);
  });

  it('names the next open deadline when there is one, and not the past ones as open', async () => {
    const copy = contentCopy();
    // Every registered language needs its title and text; the other languages take the English one.
    const inEvery = (de: string, en: string): string =>
      JSON.stringify(Object.fromEntries(LANGS.map((l) => [l, l === 'de' ? de : en])));
    try {
      copy.edit(
        'deadlines.yaml',
        (s) =>
          `${s}\n- id: test-future\n  at: "2027-03-01T12:00"\n  timezone: Europe/Berlin\n  topics: [instagram]\n  title: ${inEvery('Test-Stichtag', 'Test date')}\n  text: ${inEvery('Etwas passiert.', 'Something happens.')}\n`,
      );
      const { engine } = makeEngine({ content: loadContent(copy.dir) });
      const [reply] = await engine.handle({ conversation, text: '/deadline' });
      const text = plain(reply!);
      expect(text).toMatch(/Nächster Stichtag: Test-Stichtag – 1\. März 2027, 12:00 Uhr/);
      expect(reply!.buttons.flat().some((b) => b.kind === 'action' && b.action === 't:instagram')).toBe(true);
    } finally {
      copy.cleanup();
    }
  });
});

describe('buttons, payloads and sources', () => {
  it('opens a topic from its button action', async () => {
    const { engine } = makeEngine();
    const [reply] = await engine.handle({
      conversation,
      action: encodeAction({ type: 'topic', topic: 'whatsapp' }),
    });
    expect(reply?.topic).toBe('whatsapp');
  });

  it('answers forged or stale button data with a notice and the menu', async () => {
    const { engine } = makeEngine();
    for (const action of ['t:doesnotexist', 'zz', 't:../../etc', 'x'.repeat(100), 'l:fr', '', 't:']) {
      const [reply] = await engine.handle({ conversation, action });
      expect(plain(reply!), action).toMatch(/veraltet oder ungültig/);
    }
  });

  it('opens deep-link payloads, with an optional language suffix, and falls back to the menu', async () => {
    const { engine } = makeEngine();
    expect((await engine.handle({ conversation, startPayload: 'instagram' }))[0]?.topic).toBe('instagram');
    const [en] = await engine.handle({ conversation, startPayload: 'whatsapp_en' });
    expect(en?.topic).toBe('whatsapp');
    expect(plain(en!)).toMatch(/Checked:/);
    expect((await engine.handle({ conversation, startPayload: 'nonsense' }))[0]?.topic).toBe('start');
    expect((await engine.handle({ conversation, startPayload: '<script>' }))[0]?.topic).toBe('start');
    expect((await engine.handle({ conversation, text: '/start facebook' }))[0]?.topic).toBe('facebook');
  });

  it('lists the full sources of a topic for /quellen instagram, and the overview without argument', async () => {
    const [one] = await ask('/quellen instagram');
    expect(plain(one!)).toMatch(/Quellen zu „Instagram/i);
    expect(plain(one!)).toMatch(/TECHBOOK, 25\.04\.2025/);
    const [all] = await ask('/quellen');
    expect(all?.topic).toBe('sources');
  });

  it('keeps every button action within 64 bytes', () => {
    const { engine } = makeEngine();
    for (const topic of engine.content.topics.keys()) {
      for (const lang of ['de', 'en'] as const) {
        for (const b of engine.topicReply(topic, lang).buttons.flat()) {
          if (b.kind === 'action') expect(Buffer.byteLength(b.action)).toBeLessThanOrEqual(64);
        }
      }
    }
  });

  // /datenschutz is the privacy feature's (features/privacy.ts): tests/ops/privacy.test.ts covers it.
});
