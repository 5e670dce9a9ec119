/**
 * The real matrix-bot-sdk MatrixClient, with its sync loop replaced by ours (SyncLoop): the SDK's loop
 * saves the sync token before the events are handled (or, with persistTokenAfterSync, before async
 * listeners finish), and backs off 5–15 s with no way to tune it. Everything else (start-up, joined rooms,
 * DMs, crypto, event processing) stays the SDK's own.
 */
import type { ICryptoStorageProvider, IStorageProvider, MatrixClient } from 'matrix-bot-sdk';
import type { MatrixSdk } from './sdk-loader.js';

export type EmitFn = (name: string, ...payload: unknown[]) => Promise<void>;

/** The raw /sync answer, as far as the loop needs it. */
export interface SyncResponse {
  readonly next_batch: string;
  readonly [key: string]: unknown;
}

/** What SyncLoop needs from a client: one long poll and the SDK's processing of its answer. */
export interface SyncSource {
  syncOnce(token: string | null): Promise<SyncResponse>;
  processOnce(raw: SyncResponse, emit: EmitFn): Promise<void>;
}

export type BotClient = MatrixClient & SyncSource & { onSyncStart: (() => void) | undefined };

export function createBotClient(
  sdk: MatrixSdk,
  homeserverUrl: string,
  accessToken: string,
  storage: IStorageProvider,
  cryptoStore: ICryptoStorageProvider | undefined,
): BotClient {
  class Client extends sdk.MatrixClient implements SyncSource {
    /** Called by MatrixClient.start() once it is ready to sync; SyncLoop takes over from there. */
    onSyncStart: (() => void) | undefined;

    protected override startSyncInternal(): Promise<void> {
      this.onSyncStart?.();
      return Promise.resolve();
    }

    syncOnce(token: string | null): Promise<SyncResponse> {
      // The SDK leaves `since` out when the token is falsy, as the spec wants for a first sync.
      return this.doSync(token as string) as Promise<SyncResponse>;
    }

    processOnce(raw: SyncResponse, emit: EmitFn): Promise<void> {
      return this.processSync(raw, emit) as Promise<void>;
    }
  }
  // The SDK declares the crypto store as non-optional but treats null as "no encryption".
  return new Client(
    homeserverUrl,
    accessToken,
    storage,
    cryptoStore ?? (null as unknown as ICryptoStorageProvider),
  );
}
