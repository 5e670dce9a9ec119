/**
 * "/start <payload>" and Telegram deep links (t.me/bot?start=instagram_en): a topic id, command word or
 * keyword, optionally with a language suffix ("_en", "-de_simple"); a bare language code opens the menu in
 * that language. Anything else gets the menu.
 */
import { isLang } from '../content/languages.js';
import type { Content, Lang } from '../content/types.js';
import type { Reply } from '../message/model.js';
import type { GuideServices, TurnContext } from './turn.js';

export function startReply(guide: GuideServices, ctx: TurnContext, payload: string): Reply[] {
  const m = /^([A-Za-z0-9_-]{1,64})$/.exec(payload.trim());
  if (!m) return [guide.menu(ctx.lang)];
  let word = m[1]!.toLowerCase();
  let lang = ctx.lang;
  const suffix = languageSuffix(word, ctx.content);
  if (suffix) {
    word = suffix.word;
    lang = suffix.lang;
  } else if (isLang(word, ctx.content.languages)) {
    return [guide.menu(word)];
  }
  const topic = guide.resolveTopic(word);
  return [topic ? guide.topicReply(topic, lang) : guide.menu(lang)];
}

/** "instagram_en", "instagram-de_simple" → the word and the language named by its suffix, if any. */
function languageSuffix(payload: string, content: Content): { word: string; lang: Lang } | undefined {
  const longestFirst = [...content.languages.list].sort((a, b) => b.code.length - a.code.length);
  for (const l of longestFirst) {
    for (const code of new Set([l.code, l.code.replace(/-/g, '_')])) {
      for (const sep of ['_', '-']) {
        if (payload.length > code.length + 1 && payload.endsWith(sep + code))
          return { word: payload.slice(0, -(code.length + 1)), lang: l.code as Lang };
      }
    }
  }
  return undefined;
}
