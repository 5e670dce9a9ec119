/**
 * A store that the test can take away: preferences and records that fail while a switch is "down", and the
 * StoreHealth that reports the same switch. For adapter tests of the outage paths (the drills use a real
 * PostgreSQL behind a proxy they cut, tests/drills/store-outage.test.ts).
 */
import type { Lang } from '../../src/content/types.js';
import type { LanguagePreference } from '../../src/ports/capabilities.js';
import { MemoryPreferenceStore } from './fakes.js';
import type { StoreHealth } from '../../src/ports/health.js';

/** The store: `records` (update ids) and `turns` (preferences) can fail apart, to reach every path. */
export class Outage implements StoreHealth {
  records = true;
  turns = true;
  outages = 0;
  failures = 0;
  set up(value: boolean) {
    if (!value && this.records && this.turns) this.outages += 1;
    this.records = this.turns = value;
  }
  reachable(): Promise<boolean> {
    return Promise.resolve(this.records && this.turns);
  }
  async untilReachable(signal?: AbortSignal): Promise<void> {
    while (!(await this.reachable()) && !signal?.aborted) await new Promise((r) => setTimeout(r, 5));
  }
  check(what: 'records' | 'turns'): void {
    if (this[what]) return;
    this.failures += 1;
    throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
  }
}

export class FlakyPreferences extends MemoryPreferenceStore {
  constructor(private readonly outage: Outage) {
    super();
  }
  override getLanguage(c: string): Promise<Lang | undefined> {
    this.outage.check('turns');
    return super.getLanguage(c);
  }
  override getLanguagePreference(c: string): Promise<LanguagePreference | undefined> {
    this.outage.check('turns');
    return super.getLanguagePreference(c);
  }
}
