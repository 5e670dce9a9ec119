/** The small capabilities the engine and scheduler ask for. Adapters and stores implement them. */
import type { Lang } from '../content/types.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The one thing the foundation stores per conversation: an explicit language choice. */
export interface PreferenceStore {
  getLanguage(conversation: string): Promise<Lang | undefined>;
  setLanguage(conversation: string, lang: Lang): Promise<void>;
}

/** A pino-compatible subset, so tests can pass a silent or recording logger. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: object): Logger;
}

/** Keeps language choices in memory; used by the terminal chat and tests. Bounded by explicit choices only. */
export class MemoryPreferenceStore implements PreferenceStore {
  private readonly languages = new Map<string, Lang>();
  getLanguage(conversation: string): Promise<Lang | undefined> {
    return Promise.resolve(this.languages.get(conversation));
  }
  setLanguage(conversation: string, lang: Lang): Promise<void> {
    this.languages.set(conversation, lang);
    return Promise.resolve();
  }
  get size(): number {
    return this.languages.size;
  }
}
