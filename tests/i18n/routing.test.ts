/**
 * Free text routes in every language of the registry: Turkish, Ukrainian and Arabic questions (and a typo
 * in each) reach the right topic; case, Turkish İ/ı, diacritics and Arabic letter variants do not matter.
 */
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/util/normalize.js';
import { Router } from '../../src/engine/router.js';
import { realContent } from '../helpers/content.js';

const router = new Router(realContent());
const topicOf = (text: string): string | undefined => router.route(text)?.topic;

describe('normalize', () => {
  it('folds Turkish dotted and dotless i, strips diacritics, keeps Cyrillic and Arabic letters', () => {
    expect(normalize('İnstagram')).toBe('instagram');
    expect(normalize('ınstagram')).toBe('instagram');
    expect(normalize('Nasıl İTİRAZ ederim?')).toBe('nasil itiraz ederim');
    expect(normalize('Şifreli', 'bare')).toBe('sifreli');
    expect(normalize('Як заперечити в Інстаграмі?')).toBe('як заперечити в інстаграмі');
    expect(normalize('ЙОГО її')).toBe('иого іі');
  });

  it('normalises Arabic alef forms, ta marbuta, alef maqsura, tatweel, harakat and digits', () => {
    expect(normalize('أإآٱا')).toBe('ااااا');
    expect(normalize('رسالة')).toBe('رساله');
    expect(normalize('على')).toBe('علي');
    expect(normalize('واتســـاب')).toBe('واتساب');
    expect(normalize('كَيْفَ أَعْتَرِضُ')).toBe('كيف اعترض');
    expect(normalize('٢٠٢٧ ۱۲')).toBe('2027 12');
    expect(normalize('كيف أعترض في فيسبوك؟')).toBe('كيف اعترض في فيسبوك');
  });

  it('keeps the German fold as before', () => {
    expect(normalize('Datenschutzerklärung')).toBe('datenschutzerklaerung');
    expect(normalize('Straße')).toBe('strasse');
  });
});

describe('routing free text in every language', () => {
  const cases: [string, string, string][] = [
    // Turkish
    ['tr', 'instagramda nasıl itiraz ederim', 'instagram'],
    ['tr', 'İnstagram itiraz', 'instagram'],
    ['tr', 'INSTAGRAMDA NASIL İTİRAZ EDERİM', 'instagram'],
    ['tr', 'instagrm itiraz', 'instagram'],
    ['tr', 'facebookta nasıl itiraz ederim', 'facebook'],
    ['tr', 'whatsapp yapay zeka', 'whatsapp'],
    ['tr', 'gelismis sohbet gizliligi', 'whatsapp'],
    ['tr', 'gelişmiş sohbet gizliliği', 'whatsapp'],
    // Ukrainian
    ['uk', 'як заперечити в інстаграмі', 'instagram'],
    ['uk', 'Як заперечити в Інстаграмі?', 'instagram'],
    ['uk', 'ватсап', 'whatsapp'],
    ['uk', 'Ватсап', 'whatsapp'],
    ['uk', 'ватсаап', 'whatsapp'],
    ['uk', 'вацап ші', 'whatsapp'],
    // Arabic
    ['ar', 'كيف أعترض في فيسبوك؟', 'facebook'],
    ['ar', 'كيف اعترض في فيسبوك', 'facebook'],
    ['ar', 'فيسبوكك', 'facebook'],
    ['ar', 'واتساب', 'whatsapp'],
    ['ar', 'واتســاب', 'whatsapp'],
    ['ar', 'واتسآب', 'whatsapp'],
    ['ar', 'إنستغرام', 'instagram'],
    ['ar', 'انستغرام', 'instagram'],
    ['ar', 'انستغرم', 'instagram'],
    // Affixes: Turkish and Ukrainian endings, Arabic prefixes
    ['tr', 'instagramdan nasıl çıkarım', 'instagram'],
    ['tr', 'whatsappdaki yapay zeka', 'whatsapp'],
    ['uk', 'заперечення інстаграмом', 'instagram'],
    ['uk', 'у ватсапом', 'whatsapp'],
    ['ar', 'الذكاء الاصطناعي بالواتساب', 'whatsapp'],
    ['ar', 'وفيسبوك', 'facebook'],
    // German and English, unchanged
    ['de', 'Wie widerspreche ich bei Instagram?', 'instagram'],
    ['de', 'instgram', 'instagram'],
    ['en', 'how do I object on facebook', 'facebook'],
  ];
  it.each(cases)('%s: %s → %s', (_lang, text, topic) => {
    expect(topicOf(text)).toBe(topic);
  });

  it('greets back in every script', () => {
    for (const hello of ['привіт', 'مرحبا', 'merhaba', 'hallo']) expect(topicOf(hello)).toBe('start');
  });

  it('finds nothing in unrelated text of any script', () => {
    expect(topicOf('яка погода завтра')).toBeUndefined();
    expect(topicOf('الطقس غدا')).toBeUndefined();
    expect(topicOf('yarın hava nasıl')).toBeUndefined();
    // Only keywords of six letters or more stand for longer words ("stand" is not "Standard").
    expect(topicOf('Standardwerte und Formate')).toBeUndefined();
  });
});
