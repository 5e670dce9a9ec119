import { describe, expect, it } from 'vitest';
import { Router } from '../../src/engine/router.js';
import { realContent } from '../helpers/content.js';

/** Questions people ask when the guide is forwarded to them, as free text, and the topic that answers. */
const QUESTIONS: readonly (readonly [string, string])[] = [
  ['Ich habe gar kein Konto, bin ich trotzdem betroffen?', 'others'],
  ['I have no account, am I affected?', 'others'],
  ['Hesabım yok, beni de etkiliyor mu?', 'others'],
  ['Was ist mit meinen Kindern?', 'others'],
  ['what about my kids?', 'others'],
  ['Мої діти теж?', 'others'],
  ['Das Konto meines verstorbenen Vaters', 'others'],
  ["my late father's account", 'others'],
  ['Was ist mit meiner Facebook Seite?', 'pages'],
  ['what about my business account', 'pages'],
  ['İşletme hesabım ne olacak?', 'pages'],
  ['Wie sieht die Bestätigung aus, ist sie angekommen?', 'confirmation'],
  ['what does the confirmation look like, did it arrive?', 'confirmation'],
  ['Onay e-postası gelmedi', 'confirmation'],
  ['Mein Menü sieht anders aus', 'confirmation'],
  ['my menu looks different', 'confirmation'],
  ['القائمة مختلفة عندي', 'confirmation'],
  ['Meta AI bei Instagram ausblenden', 'messenger'],
  ['hide meta ai on instagram', 'messenger'],
];

describe('new answers, asked as free text', () => {
  const router = new Router(realContent());
  it.each(QUESTIONS)('"%s" reaches %s', (question, topic) => {
    expect(router.route(question)?.topic).toBe(topic);
  });

  it('each of them says plainly what is not known', () => {
    const content = realContent();
    const text = (id: string, lang: 'de' | 'en') => JSON.stringify(content.topics.get(id)!.text[lang].blocks);
    expect(text('others', 'de')).toMatch(/nicht bestätigt/);
    expect(text('others', 'de')).toMatch(/haben wir nicht herausgefunden/);
    expect(text('pages', 'de')).toMatch(/Bestätigt ist das nicht/);
    expect(text('confirmation', 'en')).toMatch(/confirmed in no source/);
    expect(text('messenger', 'de')).toMatch(/Menünamen dafür haben wir nicht geprüft/);
  });
});
