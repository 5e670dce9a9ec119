/**
 * The registry's languages at work in the engine: /sprache switches among all of them, /einfach picks plain
 * German (which no hint ever picks), and every answer translated from German says so in its own language.
 */
import { describe, expect, it } from 'vitest';
import { commandMenu } from '../../src/content/commands.js';
import { LANGUAGES, languageFromHint, selectLanguages } from '../../src/content/languages.js';
import { loadContent } from '../../src/content/loader.js';
import { CONTENT_DIR, realContent } from '../helpers/content.js';
import { makeEngine, plain } from '../helpers/engine.js';

const content = realContent();

describe('/sprache and /einfach', () => {
  it('/sprache lists every language by its endonym', async () => {
    const { engine } = makeEngine();
    const [prompt] = await engine.handle({ conversation: 't:1', text: '/sprache' });
    const labels = prompt!.buttons.flat().map((b) => b.label);
    expect(labels).toEqual(LANGUAGES.map((l) => l.endonym));
    expect(labels).toEqual(expect.arrayContaining(['Türkçe', 'Українська', 'العربية', 'Einfache Sprache']));
  });

  it.each([
    ['tr', 'tr'],
    ['uk', 'uk'],
    ['ar', 'ar'],
    ['einfach', 'de-simple'],
    ['Türkçe', 'tr'],
    ['українська', 'uk'],
    ['العربية', 'ar'],
    ['en', 'en'],
    ['de', 'de'],
  ] as const)('/sprache %s switches to %s, and later answers stay in it', async (arg, code) => {
    const { engine, preferences } = makeEngine();
    const [done] = await engine.handle({ conversation: 't:2', text: `/sprache ${arg}` });
    expect(plain(done!)).toContain(content.ui[code].language_set);
    expect(await preferences.getLanguage('t:2')).toBe(code);
    const [answer] = await engine.handle({ conversation: 't:2', text: '/instagram', languageHint: 'de' });
    expect(plain(answer!)).toContain(content.topics.get('instagram')!.text[code].title);
  });

  it('switches back and forth among all languages', async () => {
    const { engine, preferences } = makeEngine();
    for (const l of [...LANGUAGES, ...LANGUAGES].map((x) => x.code)) {
      await engine.handle({ conversation: 't:3', text: `/sprache ${l}` });
      expect(await preferences.getLanguage('t:3')).toBe(l);
    }
  });

  it('/einfach switches to plain German, from any language', async () => {
    const { engine, preferences } = makeEngine();
    await engine.handle({ conversation: 't:4', text: '/sprache ar' });
    const [done] = await engine.handle({ conversation: 't:4', text: '/einfach', languageHint: 'ar' });
    expect(plain(done!)).toContain(content.ui['de-simple'].language_set);
    expect(await preferences.getLanguage('t:4')).toBe('de-simple');
  });

  it('/einfach is in the command menus with a description in each language', () => {
    for (const l of LANGUAGES) {
      const entry = commandMenu(content, l.code).find((c) => c.command === 'einfach');
      expect(entry?.description, l.code).toBe(content.ui[l.code].cmd_plain);
    }
  });

  it('/einfach without plain German served asks for a language instead, and is not in the menu', async () => {
    const deEn = loadContent(CONTENT_DIR, { languages: selectLanguages(['de', 'en']) });
    const { engine, preferences } = makeEngine({ content: deEn });
    const [reply] = await engine.handle({ conversation: 't:5', text: '/einfach' });
    expect(reply!.buttons.flat().map((b) => b.label)).toEqual(['Deutsch', 'English']);
    expect(await preferences.getLanguage('t:5')).toBeUndefined();
    expect(commandMenu(deEn, 'de').some((c) => c.command === 'einfach')).toBe(false);
  });

  it('no platform hint ever picks plain German', () => {
    for (const hint of ['de', 'de-DE', 'de-simple', 'de_AT', 'einfach', 'de-x-simple'])
      expect(languageFromHint(hint)).not.toBe('de-simple');
    expect(languageFromHint('de-simple')).toBe('de');
    expect(languageFromHint('tr')).toBe('tr');
    expect(languageFromHint('uk-UA')).toBe('uk');
    expect(languageFromHint('ar-SA')).toBe('ar');
  });
});

describe('the translation note', () => {
  const translated: string[] = LANGUAGES.filter((l) => 'translatedFrom' in l).map((l) => l.code);

  it('is set for tr, uk, ar and plain German; not for German or English', () => {
    expect([...translated].sort()).toEqual(['ar', 'de-simple', 'tr', 'uk']);
  });

  it('ends every topic answer of a translated language, in that language; never a German or English one', () => {
    const { engine } = makeEngine();
    for (const topic of content.topics.values()) {
      for (const l of LANGUAGES) {
        const text = plain(engine.topicReply(topic.id, l.code));
        const note = content.ui[l.code].translation_note;
        if (translated.includes(l.code)) expect(text, `${topic.id}.${l.code}`).toContain(note);
        else expect(text, `${topic.id}.${l.code}`).not.toContain(note);
      }
    }
  });
});
