/**
 * The claim statement with the parameters of a claim at a given moment, for EXPLAIN: both stores show which
 * index their claim uses (tests assert it, the store bench prints it).
 */
import { PG } from './postgres-sql.js';
import { SQLITE } from './sqlite-sql.js';

export interface ExplainOptions {
  /** The moment of the claim (default: the store's clock). */
  readonly now?: Date;
  /** How many deliveries it claims (default 500). */
  readonly limit?: number;
  /** Claim for one platform only. */
  readonly platform?: string;
}

export function claimPlanQuery(
  dialect: 'sqlite' | 'postgres',
  options: ExplainOptions,
  clockNow: Date,
): { sql: string; params: unknown[] } {
  const now = (options.now ?? clockNow).getTime();
  const limit = options.limit ?? 500;
  const { platform } = options;
  if (dialect === 'sqlite')
    return platform === undefined
      ? { sql: SQLITE.claim, params: ['explain', now + 1, now, now, limit] }
      : { sql: SQLITE.claimPlatform, params: ['explain', now + 1, now, now, platform, limit] };
  return platform === undefined
    ? { sql: PG.claim, params: ['explain', now + 1, now, limit] }
    : { sql: PG.claimPlatform, params: ['explain', now + 1, now, limit, platform] };
}
