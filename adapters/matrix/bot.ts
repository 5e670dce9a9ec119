/**
 * createMatrixBot: the Matrix front end (PlatformAdapter) and sender (MessageSender) in one object, built
 * from explicit dependencies. It wires the real matrix-bot-sdk client to our sync loop, state file,
 * renderer and event handlers. See sdk-loader.ts for running with and without the native crypto library.
 */
import { join } from 'node:path';
import type { ICryptoStorageProvider } from 'matrix-bot-sdk';
import { ConfigError } from '../../src/config-error.js';
import type { EnginePort } from '../../src/ports/engine.js';
import type { Reply } from '../../src/message/model.js';
import type { ConversationStatus, MessageSender, PlatformAdapter } from '../../src/ports/platform.js';
import type { StoreHealth } from '../../src/ports/health.js';
import type { Logger } from '../../src/ports/capabilities.js';
import { roomChoices, type SharedEntries } from './choices.js';
import { createBotClient, type BotClient } from './client.js';
import { matrixEngine } from './engine-port.js';
import { sleep } from '../../src/util/sleep.js';
import { backoffMs, isAuthFailure, classifyError } from './errors.js';
import { installHttpHooks } from './http-hooks.js';
import { roomHasher } from './log-fields.js';
import { withRetries } from './retry.js';
import { RoomEvents } from './room-events.js';
import { RoomFacts } from './rooms.js';
import { loadMatrixSdk, CRYPTO_PACKAGE, type LoadedSdk } from './sdk-loader.js';
import { routeSdkLogs } from './sdk-log.js';
import { MatrixSender, PLATFORM } from './sender.js';
import { FileStateStore } from './state-store.js';
import { SyncLoop } from './sync-loop.js';
import { DEFAULT_TUNING, type MatrixTuning } from './tuning.js';

export interface MatrixBotOptions {
  readonly homeserverUrl: string;
  readonly accessToken: string;
  /** State lives in <dataDir>/matrix (state.json; crypto/ with MATRIX_E2EE). */
  readonly dataDir: string;
  /** Accept invites only from users on these servers; empty accepts all. */
  readonly allowedServers: readonly string[];
  readonly e2ee: boolean;
  readonly engine: Pick<EnginePort, 'handle' | 'resolveLanguage' | 'content' | 'knowsCommand'>;
  readonly logger: Logger;
  readonly status: ConversationStatus;
  /** Key for hashing room ids in logs (LOG_ID_SECRET); random per process if unset. */
  readonly logIdSecret?: string | undefined;
  readonly tuning?: Partial<MatrixTuning>;
  /** The bot's store, so numbered choices shown by one process are answered by any; in memory without it. */
  readonly sharedState?: SharedEntries | undefined;
  /** The store's health: a sync whose handling met an unreachable store is handled again once it is back. */
  readonly storeHealth?: StoreHealth | undefined;
}

export interface MatrixBot extends PlatformAdapter, MessageSender {
  /** The bot's user id, known after start(). */
  readonly userId: string | undefined;
}

export function createMatrixBot(opts: MatrixBotOptions): MatrixBot {
  const tuning: MatrixTuning = { ...DEFAULT_TUNING, ...opts.tuning };
  const logger = opts.logger.child({ platform: PLATFORM });
  const loaded = loadMatrixSdk();
  installHttpHooks(loaded.sdk);
  routeSdkLogs(loaded.sdk, logger);
  const dir = join(opts.dataDir, 'matrix');
  const store = new FileStateStore(dir, logger);
  const client = createBotClient(
    loaded.sdk,
    opts.homeserverUrl,
    opts.accessToken,
    store,
    cryptoStore(loaded, opts.e2ee, dir),
  );
  client.syncingTimeout = tuning.syncTimeoutMs;
  return new MatrixBotImpl(opts, tuning, logger, store, client);
}

function cryptoStore(loaded: LoadedSdk, e2ee: boolean, dir: string): ICryptoStorageProvider | undefined {
  if (!e2ee) return undefined;
  if (!loaded.crypto) {
    throw new ConfigError([
      `MATRIX_E2EE: is true, but the native library of ${CRYPTO_PACKAGE} is not installed (${loaded.cryptoProblem ?? 'unknown'}). ` +
        'Install it (README, "Matrix with encryption") or set MATRIX_E2EE=false.',
    ]);
  }
  // StoreType.Sqlite; a const enum, which isolatedModules cannot read from a declaration file.
  return new loaded.sdk.RustSdkCryptoStorageProvider(join(dir, 'crypto'), 1 /* StoreType.Sqlite */);
}

class MatrixBotImpl implements MatrixBot {
  readonly platform = PLATFORM;
  private readonly sender: MatrixSender;
  private readonly loop: SyncLoop;
  private readonly shutdown = new AbortController();
  private self: { userId: string; displayName?: string | undefined } = { userId: '' };
  private notBefore = 0;
  private started = false;
  private connecting: Promise<void> | undefined;

  constructor(
    opts: MatrixBotOptions,
    private readonly tuning: MatrixTuning,
    private readonly logger: Logger,
    private readonly store: FileStateStore,
    private readonly client: BotClient,
  ) {
    const engine = matrixEngine(opts.engine);
    const choices = roomChoices(opts.sharedState, tuning.rememberChoicesForRooms);
    this.sender = new MatrixSender({
      client,
      status: opts.status,
      choices,
      choiceHint: (conversation) => engine.choiceHint(conversation),
      retry: tuning.send,
      maxContentBytes: tuning.maxContentBytes,
      logger,
      signal: this.shutdown.signal,
    });
    const retried = <T>(request: () => Promise<T>): Promise<T> =>
      withRetries(request, tuning.send, this.shutdown.signal, logger);
    const events = new RoomEvents({
      client: {
        joinRoom: (roomId) => retried(() => client.joinRoom(roomId)),
        leaveRoom: (roomId) => retried(() => client.leaveRoom(roomId)),
      },
      engine,
      sender: this.sender,
      rooms: new RoomFacts(client),
      status: opts.status,
      store,
      choices,
      self: () => this.self,
      notBefore: () => this.notBefore,
      allowedServers: opts.allowedServers,
      canDecrypt: Boolean(client.crypto),
      logger,
      hashRoom: roomHasher(opts.logIdSecret),
      storeHealth: opts.storeHealth,
    });
    const emit = async (name: string, ...payload: unknown[]): Promise<void> => {
      client.emit(name, ...payload); // the SDK's own listeners (DM cache, crypto)
      await events.dispatch(name, payload);
    };
    this.loop = new SyncLoop(client, store, emit, tuning.sync, logger, opts.storeHealth);
    client.onSyncStart = () => this.loop.start();
  }

  get userId(): string | undefined {
    return this.self.userId || undefined;
  }

  send(conversation: string, reply: Reply, idempotencyKey: string): Promise<void> {
    return this.sender.send(conversation, reply, idempotencyKey);
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    // On a first run, the initial sync brings old history: answer only what is sent from now on.
    this.notBefore = this.store.getSyncToken() ? 0 : Date.now();
    try {
      await this.connect();
    } catch (err) {
      if (isAuthFailure(err)) {
        throw new Error(
          'Matrix: the homeserver rejected MATRIX_ACCESS_TOKEN (M_UNKNOWN_TOKEN); create a new access token for the bot account',
          {
            cause: err,
          },
        );
      }
      this.logger.warn(
        { code: classifyError(err).code },
        'matrix homeserver not reachable at start; retrying in the background',
      );
      this.connecting = this.reconnect();
    }
  }

  async stop(): Promise<void> {
    this.shutdown.abort();
    await this.connecting;
    await this.loop.stop();
    this.client.stop();
    await this.store.flush();
  }

  private async connect(): Promise<void> {
    // Who we are must be known before the first sync's events are handled.
    const userId = await this.client.getUserId();
    const profile = (await this.client.getUserProfile(userId).catch(() => ({}))) as { displayname?: unknown };
    this.self =
      typeof profile.displayname === 'string' ? { userId, displayName: profile.displayname } : { userId };
    await this.client.start(); // joined rooms, DM cache, crypto; then hands over to SyncLoop
    this.logger.info(
      { userId, e2ee: Boolean(this.client.crypto), resumed: this.notBefore === 0 },
      'matrix bot started',
    );
  }

  private async reconnect(): Promise<void> {
    const { backoffMinMs, backoffMaxMs } = this.tuning.sync;
    for (let attempt = 1; !this.shutdown.signal.aborted; attempt++) {
      await sleep(backoffMs(attempt, backoffMinMs, backoffMaxMs), this.shutdown.signal);
      if (this.shutdown.signal.aborted) return;
      try {
        await this.connect();
        return;
      } catch (err) {
        const level = isAuthFailure(err) ? 'error' : 'warn';
        this.logger[level]({ code: classifyError(err).code, attempt }, 'matrix start failed; retrying');
      }
    }
  }
}
