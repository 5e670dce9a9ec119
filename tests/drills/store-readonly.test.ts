/**
 * Fault drill: the SQLite file cannot be written for ~10 s (the stand-in for a full disk) while updates
 * arrive over the webhook at a steady rate.
 *
 * The stand-in: `chattr +i` on bot.sqlite and its WAL file. Tests run as root here, and root ignores file
 * modes, so chmod would not stop a single write (and mode bits are checked only when a file is opened; the bot
 * holds its files open). The immutable flag is checked on every write, for root too: writes fail with EPERM,
 * reads keep working, as on a full disk. Where chattr is not available (no CAP_LINUX_IMMUTABLE, a file
 * system without the flag) the drill is skipped, saying so.
 *
 * Checked: a clear error that names the file; the process never exits; /readyz is 503 while writes fail and 200
 * after; every update is answered exactly once in the end (503 while it could not be recorded); the file passes
 * PRAGMA integrity_check afterwards.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/net.js';
import { countingFake, startBot } from './support.js';
import {
  barrier,
  chatLog,
  drillFigures,
  recoverAndDrain,
  sleep,
  status,
  TelegramSim,
  waitUntil,
} from './telegram-sim.js';

const SECRET = 'drill-secret_2';
const OUTAGE_MS = 10_000;

function chattr(flag: '+i' | '-i', ...files: string[]): boolean {
  try {
    execFileSync('chattr', [flag, ...files], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether this machine can make a file immutable (root with CAP_LINUX_IMMUTABLE, a file system with the flag). */
function immutableWorks(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'chattr-'));
  const file = join(dir, 'probe');
  writeFileSync(file, 'x');
  const ok = chattr('+i', file);
  chattr('-i', file);
  rmSync(dir, { recursive: true, force: true });
  return ok;
}

describe('the SQLite file read-only while updates arrive (disk full stand-in)', () => {
  it.skipIf(!immutableWorks())(
    'logs a clear error, answers 503 while updates cannot be recorded, never exits, answers each once after, and leaves the file intact',
    { timeout: 180_000 },
    async () => {
      const counting = await countingFake();
      const chats = chatLog(counting.fake);
      const dataDir = mkdtempSync(join(tmpdir(), 'drill-readonly-'));
      const file = join(dataDir, 'bot.sqlite');
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const bot = startBot(dataDir, counting.fake.apiRoot, {
        HTTP_PORT: String(port),
        TELEGRAM_WEBHOOK_SECRET: SECRET,
      });
      const telegram = new TelegramSim(`${base}/telegram/webhook`, SECRET, 100);
      let frozen = false;
      try {
        await waitUntil(
          async () => (await status(`${base}/readyz`)) === 200,
          60_000,
          () => bot.log,
        );
        telegram.start();
        await sleep(2_000);
        frozen = chattr('+i', file, `${file}-wal`);
        expect(frozen).toBe(true);
        const outageStart = Date.now();
        await sleep(OUTAGE_MS / 2);
        const readyDuring = await status(`${base}/readyz`);
        await sleep(OUTAGE_MS / 2);
        chattr('-i', file, `${file}-wal`);
        frozen = false;
        const outageEnd = Date.now();
        const sent = await recoverAndDrain(telegram, chats, base, () => bot.log);
        await barrier(telegram, chats, () => bot.log);

        const { during, deferred, once, twice, warnings, errors, noisiest } = drillFigures(
          sent,
          chats,
          bot.log,
          outageStart,
          outageEnd,
        );
        process.stdout.write(
          `SQLite read-only ${outageEnd - outageStart} ms: ${sent.length} updates sent, ${during.length} while read-only, ` +
            `${deferred.length} answered 503 first, ${once.length} answered once, ` +
            `${twice.length} twice or more; /readyz ${readyDuring} during; log: ${warnings} warn, ${errors} error lines (${noisiest.join('; ')})\n`,
        );
        expect(during.length).toBeGreaterThan(50);
        // An update created just before the store came back may reach the bot after it: "during" counts them
        // (the figure), the assertion counts what the bot could not record.
        expect(deferred.length).toBeGreaterThan(50);
        expect(readyDuring).toBe(503);
        for (const s of sent) expect(chats.answers(s.chat), `update ${s.id}`).toBe(1);
        expect(bot.exitCode).toBeNull();
        // The error names the file and what failed, once per outage at error level (not a stack per update).
        expect(bot.log).toContain(`cannot read or write ${file}`);
        expect(bot.log).toMatch(/store cannot record updates/);
        expect(bot.log).not.toMatch(/"level":60/);

        bot.kill('SIGTERM');
        expect(await bot.exited).toBe(0);
        const db = new Database(file, { readonly: true });
        try {
          expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
          const seen = db.prepare('SELECT count(*) AS n FROM seen_updates').get() as { n: number };
          expect(seen.n).toBeGreaterThanOrEqual(sent.length);
        } finally {
          db.close();
        }
      } finally {
        if (frozen) chattr('-i', file, `${file}-wal`);
        await telegram.stop();
        if (bot.exitCode === null) bot.kill('SIGTERM');
        await bot.exited;
        await counting.fake.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
