/** Per-language attributes of a web page: the writing direction from the language registry, the locale from content. */
import { languageSpec } from '../../content/languages.js';
import type { Content, Lang } from '../../content/types.js';

export type TextDirection = 'ltr' | 'rtl';

/** The writing direction of a language (`<html dir>`). */
export function langDir(lang: Lang): TextDirection {
  return languageSpec(lang)?.dir ?? 'ltr';
}

/** The Open Graph locale of a language (`og:locale`, e.g. de_DE), from the content's `web_locale`. */
export function langLocale(content: Content, lang: Lang): string {
  return content.ui[lang].web_locale;
}
