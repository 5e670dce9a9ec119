import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { CRYPTO_PACKAGE, CryptoUnavailableError, loadMatrixSdk } from '../../adapters/matrix/sdk-loader.js';
import { createRequire } from 'node:module';
import { Harness, waitFor } from './harness.js';
import { uiPlain } from '../helpers/content.js';

const ALICE = '@alice:fake.test';
const cryptoMissing = loadMatrixSdk().crypto === undefined;

describe('Matrix encrypted rooms without crypto support', () => {
  let h: Harness;
  beforeEach(async () => {
    h = new Harness();
    await h.server.start();
  });
  afterEach(() => h.close());

  const encryptedMessage = (room: string): void => {
    h.m.add(room, ALICE, 'm.room.encrypted', {
      algorithm: 'm.megolm.v1.aes-sha2',
      ciphertext: 'AwgA…',
      session_id: 's',
      sender_key: 'k',
    });
  };

  it('posts one clear unencrypted notice instead of the greeting, and never repeats it', async () => {
    const first = await h.startBot();
    const room = h.m.createRoom({ members: [ALICE], encrypted: true });
    h.m.invite(room, ALICE);
    await waitFor(() => h.m.botMessages(room).length === 1, 'notice');
    const notice = h.m.botMessages(room)[0]!;
    expect(notice.type).toBe('m.room.message');
    expect(notice.content.msgtype).toBe('m.notice');
    for (const lang of ['de', 'en'] as const)
      expect(String(notice.content.body)).toContain(uiPlain(first.engine.content, lang, 'encrypted_room'));
    encryptedMessage(room);
    encryptedMessage(room);
    expect(await h.barrier(room)).toHaveLength(1);

    // Also after a restart with the same data directory.
    await first.bot.stop();
    await h.startBot({ dataDir: first.dataDir });
    encryptedMessage(room);
    expect(await h.barrier(room)).toHaveLength(2); // the notice and the first barrier's answer
  });

  it('explains when a room it is already in turns encrypted', async () => {
    await h.startBot();
    const room = h.m.createRoom({ members: [ALICE] });
    h.m.invite(room, ALICE);
    await waitFor(() => h.m.botMessages(room).length === 1, 'greeting');
    h.m.state(room, ALICE, 'm.room.encryption', '', { algorithm: 'm.megolm.v1.aes-sha2' });
    encryptedMessage(room);
    await waitFor(() => h.m.botMessages(room).length === 2, 'notice');
    encryptedMessage(room);
    expect(await h.barrier(room)).toHaveLength(2);
  });
});

describe.skipIf(!cryptoMissing)('Matrix without the native crypto library', () => {
  it('refuses to start with MATRIX_E2EE=true, naming the variable', () => {
    const h = new Harness();
    let error: unknown;
    try {
      h.create({ e2ee: true });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).toMatch(/MATRIX_E2EE/);
  });

  it('loads matrix-bot-sdk with a stand-in whose classes fail clearly when used', () => {
    const { sdk, cryptoProblem } = loadMatrixSdk();
    expect(typeof sdk.MatrixClient).toBe('function');
    expect(cryptoProblem).toBeTruthy();
    const standIn = createRequire(createRequire(import.meta.url).resolve('matrix-bot-sdk'))(
      CRYPTO_PACKAGE,
    ) as Record<string, new () => unknown>;
    expect(() => new standIn.OlmMachine!()).toThrow(CryptoUnavailableError);
    expect(() => new standIn.OlmMachine!()).toThrow(/MATRIX_E2EE/);
  });
});
