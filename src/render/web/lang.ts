/**
 * Per-language attributes of a web page. One small place, so that the language registry can later
 * supply them as data (writing direction, locale) without touching the pages.
 */
import type { Content, Lang } from '../../content/types.js';

export type TextDirection = 'ltr' | 'rtl';

/** The writing direction of a language (`<html dir>`). */
export function langDir(_lang: Lang): TextDirection {
  return 'ltr';
}

/** The Open Graph locale of a language (`og:locale`, e.g. de_DE), from the content's `web_locale`. */
export function langLocale(content: Content, lang: Lang): string {
  return content.ui[lang].web_locale;
}
