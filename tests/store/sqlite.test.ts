import { defineStoreContract } from './contract.js';
import { sqliteHarness } from './sqlite-harness.js';

defineStoreContract('SQLite', () => sqliteHarness());
