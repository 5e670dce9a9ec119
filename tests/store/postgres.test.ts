import { afterAll } from 'vitest';
import { defineStoreContract } from './contract.js';
import { closeAdminPool, pgHarness } from './pg-harness.js';

afterAll(closeAdminPool);
defineStoreContract('PostgreSQL', pgHarness);
