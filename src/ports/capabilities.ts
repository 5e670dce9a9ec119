/** The small capabilities the engine and scheduler ask for. Adapters and stores implement them. */
import type { Lang } from '../content/types.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What the engine needs to know about a conversation's language (undefined: nothing stored, no row). */
export interface LanguagePreference {
  /** The explicit choice (/sprache). */
  readonly lang: Lang | undefined;
  /** The platform's language hint last seen (its primary subtag, e.g. "en"), kept only with a stored row. */
  readonly hint: string | undefined;
}

/** What the foundation stores per conversation about language: an explicit choice, and the last hint. */
export interface PreferenceStore {
  getLanguage(conversation: string): Promise<Lang | undefined>;
  /** The choice and the last hint in one read. */
  getLanguagePreference(conversation: string): Promise<LanguagePreference | undefined>;
  setLanguage(conversation: string, lang: Lang): Promise<void>;
  /** Remembers the hint on an existing row only: a conversation that only reads stays without a row. */
  setLanguageHint(conversation: string, hint: string): Promise<void>;
}

/** A pino-compatible subset, so tests can pass a silent or recording logger. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: object): Logger;
}
