/**
 * In-memory fakes of the small ports, for tests and benches (moved out of src/ports: ports hold contracts only).
 */
import type { Lang } from '../../src/content/types.js';
import type { LanguagePreference, PreferenceStore } from '../../src/ports/capabilities.js';
import type { ConversationStatus } from '../../src/ports/platform.js';

/** Keeps language choices in memory; used by tests and benches. Bounded by explicit choices only. */
export class MemoryPreferenceStore implements PreferenceStore {
  private readonly languages = new Map<string, Lang>();
  private readonly hints = new Map<string, string>();
  getLanguage(conversation: string): Promise<Lang | undefined> {
    return Promise.resolve(this.languages.get(conversation));
  }
  getLanguagePreference(conversation: string): Promise<LanguagePreference | undefined> {
    const lang = this.languages.get(conversation);
    return Promise.resolve(lang ? { lang, hint: this.hints.get(conversation) } : undefined);
  }
  setLanguage(conversation: string, lang: Lang): Promise<void> {
    this.languages.set(conversation, lang);
    return Promise.resolve();
  }
  setLanguageHint(conversation: string, hint: string): Promise<void> {
    if (this.languages.has(conversation)) this.hints.set(conversation, hint);
    return Promise.resolve();
  }
  get size(): number {
    return this.languages.size;
  }
}

/** Remembers unreachable conversations in memory. */
export class MemoryConversationStatus implements ConversationStatus {
  private readonly inactive = new Map<string, string>();
  markInactive(conversation: string, reason: string): Promise<void> {
    this.inactive.set(conversation, reason);
    return Promise.resolve();
  }
  markActive(conversation: string): Promise<void> {
    this.inactive.delete(conversation);
    return Promise.resolve();
  }
  isActive(conversation: string): Promise<boolean> {
    return Promise.resolve(!this.inactive.has(conversation));
  }
}
