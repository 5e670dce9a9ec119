/**
 * The store contract: every Store implementation passes these tests, run against the real database.
 * `defineStoreContract(name, factory)` defines them inside a describe block; each test gets a fresh store.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import { conversationContract } from './contract-conversations.js';
import { deliveryContract } from './contract-deliveries.js';
import { housekeepingContract } from './contract-housekeeping.js';
import { sharedStateContract } from './contract-shared-state.js';
import type { HarnessFactory, StoreHarness } from './harness.js';

export type { HarnessFactory } from './harness.js';

export function defineStoreContract(name: string, factory: HarnessFactory): void {
  describe(`${name} store contract`, () => {
    const ctx: { h: StoreHarness | undefined } = { h: undefined };
    const harness = (): StoreHarness => {
      if (!ctx.h) throw new Error('harness not set up');
      return ctx.h;
    };
    beforeEach(async () => {
      ctx.h = await factory();
    });
    afterEach(async () => {
      await ctx.h?.dispose();
      ctx.h = undefined;
    });
    conversationContract(harness);
    deliveryContract(harness);
    housekeepingContract(harness);
    sharedStateContract(harness);
  });
}
