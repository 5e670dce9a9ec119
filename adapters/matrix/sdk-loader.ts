/**
 * Loads matrix-bot-sdk so that it works without its native crypto library.
 *
 * matrix-bot-sdk requires `@matrix-org/matrix-sdk-crypto-nodejs` when it is imported, and that package only
 * works once its install script has downloaded a native binary (lib*.node) from GitHub. Where the binary is
 * missing (this project denies the install script in package.json `allowScripts`), a plain import throws
 * "Cannot find module '@matrix-org/matrix-sdk-crypto-nodejs-linux-x64-gnu'".
 *
 * So the binding is tried first. If it does not load, a stand-in module is put into Node's CommonJS cache
 * under the crypto package's resolved file name, and matrix-bot-sdk then loads normally. Every class and
 * function of the stand-in throws CryptoUnavailableError if ever used; nothing uses it while the client is
 * built without a crypto store, i.e. in unencrypted rooms.
 *
 * How an operator gets end-to-end encryption (MATRIX_E2EE=true): install the native library where the
 * build has internet access, e.g. in the Docker build stage:
 *
 *   RUN npm ci && node node_modules/@matrix-org/matrix-sdk-crypto-nodejs/download-lib.js
 *
 * (or `npm rebuild @matrix-org/matrix-sdk-crypto-nodejs` with scripts allowed). The binary lands next to
 * the package's index.js (matrix-sdk-crypto.<platform>.node) and is picked up here on the next start.
 */
import Module, { createRequire } from 'node:module';
import type * as Sdk from 'matrix-bot-sdk';

export type MatrixSdk = typeof Sdk;
type CryptoBinding = typeof import('@matrix-org/matrix-sdk-crypto-nodejs');

export const CRYPTO_PACKAGE = '@matrix-org/matrix-sdk-crypto-nodejs';

export class CryptoUnavailableError extends Error {
  constructor(reason: string) {
    super(
      `end-to-end encryption is not available: the native library of ${CRYPTO_PACKAGE} is not installed ` +
        `(${reason}). Run its download-lib.js in a build with internet access, or leave MATRIX_E2EE unset.`,
    );
    this.name = 'CryptoUnavailableError';
  }
}

export interface LoadedSdk {
  readonly sdk: MatrixSdk;
  /** The native crypto binding, or undefined if it could not be loaded. */
  readonly crypto: CryptoBinding | undefined;
  /** Why the binding did not load (first line of the error), if it did not. */
  readonly cryptoProblem: string | undefined;
}

let loaded: LoadedSdk | undefined;

/** Loads matrix-bot-sdk once per process, with the real crypto binding if it is present. */
export function loadMatrixSdk(): LoadedSdk {
  if (loaded) return loaded;
  const base = createRequire(import.meta.url);
  const sdkEntry = base.resolve('matrix-bot-sdk');
  const fromSdk = createRequire(sdkEntry);
  let crypto: CryptoBinding | undefined;
  let cryptoProblem: string | undefined;
  try {
    crypto = fromSdk(CRYPTO_PACKAGE) as CryptoBinding;
  } catch (err) {
    cryptoProblem = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error';
    installStandIn(fromSdk.resolve(CRYPTO_PACKAGE), cryptoProblem);
  }
  loaded = { sdk: base(sdkEntry) as MatrixSdk, crypto, cryptoProblem };
  return loaded;
}

/** A module whose every export throws when constructed, called or read further. */
function standIn(reason: string): object {
  const fail = (): never => {
    throw new CryptoUnavailableError(reason);
  };
  const member: object = new Proxy(function unavailable() {}, {
    construct: fail,
    apply: fail,
    get: (_target, prop) => (prop === 'prototype' || typeof prop === 'symbol' ? undefined : member),
  });
  return new Proxy(
    {},
    {
      // `__esModule`, `then` and `default` must stay undefined so interop helpers and awaits do not trip.
      get: (_target, prop) =>
        typeof prop === 'symbol' || prop === '__esModule' || prop === 'then' || prop === 'default'
          ? undefined
          : member,
    },
  );
}

function installStandIn(filename: string, reason: string): void {
  const cache = createRequire(import.meta.url).cache;
  const stand = new Module(filename);
  stand.filename = filename;
  stand.loaded = true;
  stand.exports = standIn(reason);
  cache[filename] = stand;
}
