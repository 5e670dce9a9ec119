/**
 * The sender lock for PostgreSQL: a session-level advisory lock held on a connection of its own (not pooled),
 * keyed by the schema, so one process per bot sends at a time. PostgreSQL releases the lock when that session
 * ends, and a killed process's session ends when its socket closes (at once for SIGKILL, a crash or a stop),
 * so a waiting process takes over within its next look. The same connection LISTENs for "something is due"
 * notifications from other processes' enqueues, so the sender does not wait for its idle timer.
 */
import pg from 'pg';
import type { Logger } from '../ports/capabilities.js';
import type { SenderLock } from '../ports/store.js';

/** The NOTIFY channel for a schema (an identifier: at most 63 bytes). */
export const dueChannel = (schema: string): string => `kiwb_due_${schema}`.slice(0, 63);

const TRY_LOCK = `SELECT pg_try_advisory_lock(hashtext('ki-widerspruch-bot sender ' || current_schema())) AS ok`;

export class PgSenderLock implements SenderLock {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private isHeld = false;
  private closed = false;
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly channel: string,
    private readonly logger: Logger | undefined,
  ) {}

  get held(): boolean {
    return this.isHeld;
  }

  onWake(listener: () => void): void {
    this.listeners.push(listener);
  }

  async acquire(): Promise<boolean> {
    if (this.closed) return false;
    try {
      const client = await this.connect();
      if (this.isHeld) {
        // Proves the session (and with it the lock) is still alive; a dead connection fails here.
        await client.query('SELECT 1');
        return true;
      }
      const { rows } = await client.query<{ ok: boolean }>(TRY_LOCK);
      this.isHeld = rows[0]?.ok === true;
      return this.isHeld;
    } catch (err) {
      this.lost(err);
      return false;
    }
  }

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new pg.Client(this.config);
      client.on('error', (err) => this.lost(err));
      client.on('end', () => this.lost(undefined));
      client.on('notification', () => this.listeners.forEach((l) => l()));
      try {
        await client.connect();
        await client.query(`LISTEN "${this.channel}"`);
      } catch (err) {
        client.end().catch(() => undefined);
        throw err;
      }
      this.client = client;
      return client;
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private lost(err: unknown): void {
    const client = this.client;
    const wasHeld = this.isHeld;
    this.client = undefined;
    this.isHeld = false;
    if (wasHeld && !this.closed)
      this.logger?.warn({ err }, 'store: the connection holding the sender lock was lost; sending stops');
    client?.end().catch(() => undefined);
  }

  async release(): Promise<void> {
    this.closed = true;
    this.isHeld = false;
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    await client?.end().catch(() => undefined); // ending the session releases the lock
  }
}
