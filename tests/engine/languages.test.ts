/**
 * Languages are data: a language added to the registry (here Esperanto, "eo", a test-only entry injected
 * through the loader's options) plus its content files is loaded, checked, chosen by hint and by /sprache,
 * listed with its endonym, formatted with its own date patterns and given a Telegram command menu, with no
 * code change anywhere.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { eo } from 'date-fns/locale';
import { commandList, menuScopes } from '../../adapters/telegram/commands.js';
import { COMMANDS, menuCommands, RESERVED_COMMANDS, wordsIn } from '../../src/content/commands.js';
import { ContentError } from '../../src/content/errors.js';
import {
  LANGS,
  languageFromHint,
  languageOf,
  parseLanguageName,
  REGISTRY,
  type Lang,
  type LanguageSpec,
  type Languages,
} from '../../src/content/languages.js';
import { loadContent } from '../../src/content/loader.js';
import { encodeAction } from '../../src/message/actions.js';
import { contentCopy } from '../helpers/content.js';
import { makeEngine, plain, titleOf } from '../helpers/engine.js';

const EO = 'eo' as Lang;
const esperanto: LanguageSpec = {
  code: 'eo',
  endonym: 'Esperanto',
  dir: 'ltr',
  hints: ['eo'],
  aliases: ['esperanto'],
  locale: eo,
  dates: {
    day: "d'-a de' MMMM yyyy",
    sourceDay: 'yyyy-MM-dd',
    sourceMonth: 'MMMM yyyy',
    undated: 'sen dato',
    instant: "d'-a de' MMMM yyyy, HH:mm",
  },
  automatic: true,
  fallback: 'en',
};
const withEsperanto: Languages = { ...REGISTRY, list: [...REGISTRY.list, esperanto] };

/** A copy of the real content with an Esperanto version of every file, made from the English one. */
function esperantoContent() {
  const copy = contentCopy();
  const read = (file: string): string => readFileSync(join(copy.dir, file), 'utf8');
  for (const name of readdirSync(join(copy.dir, 'topics')).filter((n) => n.endsWith('.en.md'))) {
    const english = read(join('topics', name));
    copy.write(
      join('topics', name.replace(/\.en\.md$/, '.eo.md')),
      english.replace(/^title: "?(.*?)"?$/m, (_line, title: string) => `title: "EO ${title}"`),
    );
  }
  copy.write(
    'ui.eo.yaml',
    read('ui.en.yaml').replace(/^language_set: .*$/m, 'language_set: "Farite: Esperanto."'),
  );
  copy.edit('deadlines.yaml', (s) => {
    const file = parse(s) as { deadlines: { title: Record<string, string>; text: Record<string, string> }[] };
    for (const d of file.deadlines) {
      d.title.eo = `EO ${d.title.en}`;
      d.text.eo = d.text.en!;
    }
    return stringify(file);
  });
  return copy;
}

let copy: ReturnType<typeof contentCopy> | undefined;
afterEach(() => {
  copy?.cleanup();
  copy = undefined;
});

const problems = (dir: string, languages?: Languages): string => {
  try {
    loadContent(dir, languages ? { languages } : {});
  } catch (err) {
    if (err instanceof ContentError) return err.message;
    throw err;
  }
  return '';
};

describe('the language registry', () => {
  it('derives the language list and policy: German by default, English for any other well-formed hint', () => {
    expect(LANGS.slice(0, 2)).toEqual(['de', 'en']);
    expect(LANGS).toEqual(REGISTRY.list.map((l) => l.code));
    expect(languageFromHint('de-AT')).toBe('de');
    expect(languageFromHint('en-GB')).toBe('en');
    expect(languageFromHint('fr')).toBe('en');
    expect(languageFromHint(undefined)).toBe('de');
    expect(languageFromHint('???')).toBe('de');
    expect(languageOf('en', 'de')).toBe('en');
    expect(languageOf(undefined, 'en')).toBe('en');
    expect(languageOf(undefined, undefined)).toBe('de');
    expect(parseLanguageName('Deutsch')).toBe('de');
    expect(parseLanguageName(' ENGLISCH ')).toBe('en');
    expect(parseLanguageName('klingonisch')).toBeUndefined();
  });

  it('never picks a language that may not be chosen automatically', () => {
    const manual: LanguageSpec = { ...esperanto, automatic: false };
    const languages: Languages = { ...REGISTRY, list: [...REGISTRY.list, manual] };
    expect(languageFromHint('eo', languages)).toBe('en');
    expect(parseLanguageName('esperanto', languages)).toBe('eo');
  });

  it('reserves every word of every command, including the ones that drifted (/abo, /subscribe, /unsubscribe)', () => {
    for (const word of ['abo', 'subscribe', 'unsubscribe', 'erinnern', 'frist', 'stats', 'befehle'])
      expect(RESERVED_COMMANDS).toContain(word);
    expect(RESERVED_COMMANDS).not.toContain('erledigt');
    expect(menuCommands('de').map(([w]) => w)).toContain('erinnern');
    expect(menuCommands('en').map(([w]) => w)).toContain('remind');
    // A language without words of its own takes its fallback's.
    const remind = COMMANDS.find((c) => c.id === 'remind')!;
    expect(wordsIn(remind, EO, withEsperanto)).toEqual(['remind', 'subscribe']);
  });
});

describe('a language added as content files plus one registry entry', () => {
  it('is refused while it is not registered, naming the file', () => {
    copy = esperantoContent();
    expect(problems(copy.dir)).toMatch(
      /topics\/about\.eo\.md: \(file name\): "eo" is not a registered language/,
    );
  });

  it('loads once registered, and a missing file of it is an error naming the file', () => {
    copy = esperantoContent();
    expect(problems(copy.dir, withEsperanto)).toBe('');
    rmSync(join(copy.dir, 'topics', 'instagram.eo.md'));
    expect(problems(copy.dir, withEsperanto)).toMatch(
      /topics\/instagram\.eo\.md: \(file\): missing: every topic needs every registered language/,
    );
  });

  it('is a missing ui file or deadline text when one is left out', () => {
    copy = esperantoContent();
    copy.edit('deadlines.yaml', (s) => {
      const file = parse(s) as { deadlines: { title: Record<string, string> }[] };
      delete file.deadlines[0]!.title.eo;
      return stringify(file);
    });
    expect(problems(copy.dir, withEsperanto)).toMatch(
      /deadlines\.yaml: deadlines\[0\]\.title\.eo: is missing/,
    );
  });

  it('answers in it by hint, lists it in /sprache by its endonym, switches to it, and formats its dates', async () => {
    copy = esperantoContent();
    const content = loadContent(copy.dir, { languages: withEsperanto });
    const { engine } = makeEngine({ content });
    const [byHint] = await engine.handle({ conversation: 'eo:1', text: '/instagram', languageHint: 'eo' });
    expect(titleOf(byHint!)).toMatch(/^EO /);
    expect(plain(byHint!)).toMatch(/\d{1,2}-a de \p{L}+ \d{4}/u);

    const [prompt] = await engine.handle({ conversation: 'eo:2', text: '/sprache' });
    const buttons = prompt!.buttons.flat();
    expect(buttons.map((b) => b.label)).toEqual([...REGISTRY.list.map((l) => l.endonym), 'Esperanto']);
    expect(buttons.map((b) => (b.kind === 'action' ? b.action : ''))).toContain(
      encodeAction({ type: 'language', lang: EO }),
    );
    const [set] = await engine.handle({ conversation: 'eo:2', action: 'l:eo' });
    expect(plain(set!)).toMatch(/Farite: Esperanto/);
    const [after] = await engine.handle({ conversation: 'eo:2', text: '/whatsapp', languageHint: 'de' });
    expect(titleOf(after!)).toMatch(/^EO /);
    const [byName] = await engine.handle({ conversation: 'eo:3', text: '/sprache esperanto' });
    expect(plain(byName!)).toMatch(/Farite: Esperanto/);
    const [link] = await engine.handle({ conversation: 'eo:4', startPayload: 'facebook_eo' });
    expect(titleOf(link!)).toMatch(/^EO /);
  });

  it('gets a Telegram command menu for its language_code, with its descriptions and fallback words', () => {
    copy = esperantoContent();
    const content = loadContent(copy.dir, { languages: withEsperanto });
    const scopes = menuScopes(content);
    expect(scopes[0]).toEqual(['en', undefined]);
    expect(scopes).toContainEqual(['de', 'de']);
    expect(scopes.at(-1)).toEqual(['eo', 'eo']);
    const list = commandList(content, EO);
    expect(list.find((c) => c.command === 'remind')?.description).toBe(content.ui[EO].cmd_remind);
  });
});
