/**
 * A fake Telegram Bot API on 127.0.0.1 for protocol tests and the benchmark. The real grammY talks to it
 * through `client.apiRoot`. It serves getUpdates from a queue (long polling: a request waits until an
 * update is pushed), records every call with its parameters, and can be told to fail the next calls to a
 * method: a status with Telegram's error body (429 with retry_after, 500, 403, 400), or a dropped connection.
 * It is strict: what the real API refuses (HTML outside Telegram's subset or unbalanced, text over 4,096
 * visible characters, bad inline keyboards; see bot-api-rules.ts) gets a 400 with Telegram's description,
 * and is kept in `refusals` so a test harness can fail on any refusal it did not ask for. With `limits` set it
 * also enforces Telegram's broadcast limits on sendMessage (free and paid rate, the Stars balance; see
 * bot-api-rules.ts); what it refused for them is kept in `limited`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update, UserFromGetMe } from 'grammy/types';
import {
  botCommandEntities,
  broadcastVerdict,
  refusalFor,
  wellFormed,
  visibleText,
  type BroadcastLimits,
} from './bot-api-rules.js';

export interface RecordedCall {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly at: number;
  /** Telegram's description, when the fake refused the call as the real API would (answered 400). */
  readonly refused?: string;
  /** Telegram's description, when the fake answered 429 or refused a paid send under its broadcast limits. */
  readonly limited?: string;
}

export type Fault =
  | {
      readonly status: number;
      readonly description?: string;
      readonly retryAfter?: number;
      /** parameters.migrate_to_chat_id (a group that became a supergroup). */
      readonly migrateTo?: number;
    }
  | { readonly drop: true };

export const TEST_TOKEN = '7000000001:AAH-test-token-0123456789abcdefghij';

const TEST_ME: UserFromGetMe = {
  id: 7000000001,
  is_bot: true,
  first_name: 'KI-Widerspruch',
  username: 'KiWiderspruchTestBot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

interface Waiter {
  readonly limit: number;
  readonly offset: number;
  readonly respond: (updates: Update[]) => void;
}

export interface FakeOptions {
  readonly token?: string;
  readonly me?: Partial<UserFromGetMe>;
  /** Keep every call (tests); the benchmark turns this off and counts through onCall. */
  readonly record?: boolean;
  /** Refuse what Telegram refuses (default true). */
  readonly strict?: boolean;
  /** Enforce the broadcast limits (free rate, paid rate, Stars balance); off by default. */
  readonly limits?: BroadcastLimits;
}

export class FakeBotApi {
  readonly calls: RecordedCall[] = [];
  /** Calls refused because the real API would refuse them (kept even when `record` is off). */
  readonly refusals: RecordedCall[] = [];
  readonly token: string;
  me: UserFromGetMe;
  onCall: ((call: RecordedCall) => void) | undefined;
  /** Added to every answer, as the network between a bot and api.telegram.org would (benchmark). */
  latencyMs = 0;
  /** The broadcast limits in force (the Stars balance in it goes down with each paid message). */
  readonly limits: BroadcastLimits | undefined;
  /** sendMessage calls answered 429 or refused for want of Stars under `limits`. */
  readonly limited: RecordedCall[] = [];
  private readonly sentAt: number[] = [];
  private readonly queue: Update[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly faults = new Map<string, Fault[]>();
  private readonly listeners = new Set<() => void>();
  private nextUpdateId = 100_000;
  private nextMessageId = 1;
  private readonly record: boolean;
  private readonly strict: boolean;
  private server!: Server;
  apiRoot = '';

  private constructor(opts: FakeOptions) {
    this.token = opts.token ?? TEST_TOKEN;
    this.me = { ...TEST_ME, ...opts.me };
    this.record = opts.record ?? true;
    this.strict = opts.strict ?? true;
    this.limits = opts.limits ? { ...opts.limits } : undefined;
  }

  static async start(opts: FakeOptions = {}): Promise<FakeBotApi> {
    const fake = new FakeBotApi(opts);
    fake.server = createServer((req, res) => fake.serve(req, res));
    fake.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.apiRoot = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** Queues an update (update_id assigned if missing) and wakes a waiting getUpdates. */
  push(update: Omit<Update, 'update_id'> & { update_id?: number }): number {
    const full = { ...update, update_id: update.update_id ?? this.nextUpdateId++ };
    this.queue.push(full);
    for (const waiter of this.waiters) {
      const ready = this.take(waiter.offset, waiter.limit);
      if (ready.length) {
        this.waiters.delete(waiter);
        waiter.respond(ready);
        break;
      }
    }
    return full.update_id;
  }

  /** The next `times` calls to `method` fail with `fault`. */
  fail(method: string, fault: Fault, times = 1): void {
    const list = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(fault);
    this.faults.set(method, list);
  }

  /** Forgets queued updates, recorded calls and faults (between benchmark rounds). */
  reset(): void {
    this.queue.length = 0;
    this.calls.length = 0;
    this.refusals.length = 0;
    this.faults.clear();
  }

  clearFaults(): void {
    this.faults.clear();
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the recorded calls once `predicate` holds; rejects after `timeoutMs`. */
  waitFor(
    predicate: (calls: readonly RecordedCall[]) => boolean,
    timeoutMs = 5_000,
  ): Promise<RecordedCall[]> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (!predicate(this.calls)) return false;
        this.listeners.delete(listener);
        clearTimeout(timer);
        resolve([...this.calls]);
        return true;
      };
      const listener = (): void => void check();
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(
          new Error(
            `fake Bot API: condition not met in ${timeoutMs} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`,
          ),
        );
      }, timeoutMs);
      this.listeners.add(listener);
      check();
    });
  }

  /** Waits until `method` has been called `count` times in all, and returns those calls. */
  async waitForCalls(method: string, count = 1, timeoutMs = 5_000): Promise<RecordedCall[]> {
    await this.waitFor((calls) => calls.filter((c) => c.method === method).length >= count, timeoutMs);
    return this.callsTo(method);
  }

  /** Throws, naming each call and Telegram's description, if any call was refused. */
  assertNoRefusals(): void {
    if (!this.refusals.length) return;
    const list = this.refusals.map((c) => `${c.method}: ${c.refused}`).join('; ');
    throw new Error(`fake Bot API refused ${this.refusals.length} call(s) as Telegram would: ${list}`);
  }

  async close(): Promise<void> {
    for (const waiter of this.waiters) waiter.respond([]);
    this.waiters.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private take(offset: number, limit: number): Update[] {
    while (this.queue.length && this.queue[0]!.update_id < offset) this.queue.shift();
    return this.queue.slice(0, limit);
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
      if (!m || m[1] !== this.token)
        return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const method = m[2]!;
      const body = Buffer.concat(chunks).toString('utf8');
      const params = (body ? JSON.parse(body) : {}) as Record<string, unknown>;
      const call: { -readonly [K in keyof RecordedCall]: RecordedCall[K] } = {
        method,
        params,
        at: performance.now(),
      };
      if (this.record) this.calls.push(call);
      this.onCall?.(call);
      const fault = this.faults.get(method)?.shift();
      const refused = !fault && this.strict ? refusalFor(method, params) : undefined;
      if (refused) {
        call.refused = refused;
        this.refusals.push(call);
      }
      for (const listener of [...this.listeners]) listener();
      if (refused) return send(res, 400, { ok: false, error_code: 400, description: refused });
      if (fault && 'drop' in fault) return void req.socket.destroy();
      if (fault) {
        const description =
          fault.description ??
          (fault.status === 429
            ? `Too Many Requests: retry after ${fault.retryAfter ?? 1}`
            : `Error ${fault.status}`);
        return send(res, fault.status, {
          ok: false,
          error_code: fault.status,
          description,
          ...(fault.retryAfter !== undefined ? { parameters: { retry_after: fault.retryAfter } } : {}),
          ...(fault.migrateTo !== undefined ? { parameters: { migrate_to_chat_id: fault.migrateTo } } : {}),
        });
      }
      if (method === 'getUpdates') return this.getUpdates(params, req, res);
      if (method === 'sendMessage' && this.limits) {
        const verdict = broadcastVerdict(this.limits, params, this.sentAt, call.at);
        if (!('ok' in verdict)) {
          call.limited = verdict.description;
          this.limited.push(call);
          return send(res, verdict.status, {
            ok: false,
            error_code: verdict.status,
            description: verdict.description,
            ...('retryAfter' in verdict ? { parameters: { retry_after: verdict.retryAfter } } : {}),
          });
        }
      }
      const answer = { ok: true, result: this.result(method, params) };
      if (this.latencyMs > 0) setTimeout(() => send(res, 200, answer), this.latencyMs);
      else send(res, 200, answer);
    });
  }

  private getUpdates(params: Record<string, unknown>, req: IncomingMessage, res: ServerResponse): void {
    const offset = Number(params.offset ?? 0);
    const limit = Math.min(Number(params.limit ?? 100), 100);
    const ready = this.take(offset, limit);
    if (ready.length || !Number(params.timeout)) return send(res, 200, { ok: true, result: ready });
    const waiter: Waiter = {
      offset,
      limit,
      respond: (updates) => send(res, 200, { ok: true, result: updates }),
    };
    this.waiters.add(waiter);
    const timer = setTimeout(
      () => this.waiters.delete(waiter) && waiter.respond([]),
      Number(params.timeout) * 1000,
    );
    res.on('close', () => {
      clearTimeout(timer);
      this.waiters.delete(waiter);
    });
  }

  private result(method: string, params: Record<string, unknown>): unknown {
    switch (method) {
      case 'getMe':
        return this.me;
      case 'sendMessage':
        return {
          message_id: this.nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: params.chat_id, type: Number(params.chat_id) < 0 ? 'supergroup' : 'private' },
          from: { id: this.me.id, is_bot: true, first_name: this.me.first_name, username: this.me.username },
          // As Telegram answers: the visible text and the bot_command entities it found in it.
          ...messageText(params),
        };
      default:
        return true;
    }
  }
}

function messageText(params: Record<string, unknown>): { text: unknown; entities?: unknown[] } {
  const raw = params.text;
  if (typeof raw !== 'string') return { text: raw };
  const text = params.parse_mode === 'HTML' && wellFormed(raw) ? visibleText(raw) : raw;
  const entities = botCommandEntities(text);
  return entities.length ? { text, entities } : { text };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}
