/**
 * Set-ups that cannot work, found before anything starts: DATA_DIR that is a file or may not be written,
 * DATABASE_URL where no PostgreSQL answers (or it refuses the login or the database), CONTENT_DIR without
 * content. Each ends start-up with one line (variable, what is wrong, what to do) and exit code 1, instead of
 * a stack trace.
 */
import { existsSync, mkdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { describeTarget } from '../store/postgres-pool.js';

export class StartupError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
    remedy: string,
  ) {
    super(`${variable}: ${problem}; ${remedy}`);
    this.name = 'StartupError';
  }
}

const errno = (err: unknown): string =>
  err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'unknown';

const DENIED = new Set(['EACCES', 'EPERM', 'EROFS']);

/** DATA_DIR must be a directory the bot may create files in (it is created if missing). */
function checkDataDir(dir: string): void {
  const where = `DATA_DIR=${dir}`;
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new StartupError(
      where,
      'is a file, not a directory',
      'set DATA_DIR to a directory the bot may write to (default ./data)',
    );
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = errno(err);
    if (code === 'ENOTDIR' || code === 'EEXIST')
      throw new StartupError(
        where,
        'a part of the path is a file, not a directory',
        'set DATA_DIR to a directory the bot may write to (default ./data)',
      );
    throw new StartupError(
      where,
      `cannot be created (${DENIED.has(code) ? 'no permission' : code})`,
      "create it and give the bot's user write access, or set DATA_DIR to another directory",
    );
  }
  const probe = join(dir, `.write-check-${process.pid}`);
  try {
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (err) {
    const code = errno(err);
    throw new StartupError(
      where,
      DENIED.has(code) ? 'the bot may not write to it (no permission)' : `cannot be written (${code})`,
      "give the bot's user write access (chown or chmod), or set DATA_DIR to another directory",
    );
  }
}

/** CONTENT_DIR must hold the content: a topics/ folder and ui.de.yaml (content/README.md). */
export function checkContentDir(dir: string): void {
  const where = `CONTENT_DIR=${dir}`;
  const remedy = "point CONTENT_DIR at the bot's content folder (default ./content; see content/README.md)";
  const full = resolve(dir);
  if (!existsSync(full)) throw new StartupError(where, 'does not exist', remedy);
  if (!statSync(full).isDirectory()) throw new StartupError(where, 'is a file, not a folder', remedy);
  const missing = ['topics', 'ui.de.yaml', 'deadlines.yaml'].filter((name) => !existsSync(join(full, name)));
  if (missing.length)
    throw new StartupError(where, `holds no bot content (missing: ${missing.join(', ')})`, remedy);
}

/** What a failed connection means, and what to do about it. */
function explainPg(err: unknown, url: URL): { problem: string; remedy: string } {
  const code = errno(err);
  const at = `${url.hostname}:${url.port || '5432'}`;
  switch (code) {
    case 'ECONNREFUSED':
      return {
        problem: `nothing accepts connections at ${at}`,
        remedy: 'start PostgreSQL there, or correct host and port in DATABASE_URL',
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        problem: `the host ${url.hostname} is not known`,
        remedy: 'correct the host name in DATABASE_URL',
      };
    case '28P01':
    case '28000':
      return {
        problem: 'PostgreSQL refused the login',
        remedy: 'check user and password in DATABASE_URL and pg_hba.conf',
      };
    case '3D000':
      return {
        problem: `the database ${url.pathname.slice(1) || '(default)'} does not exist`,
        remedy: 'create it (createdb) or correct the database name in DATABASE_URL',
      };
    default: {
      const message = err instanceof Error ? err.message : String(err);
      return /timeout/i.test(message)
        ? {
            problem: `no answer from ${at} within 5 s`,
            remedy: 'check host, port and firewall, or whether PostgreSQL is up',
          }
        : { problem: `connecting failed (${code}: ${message.slice(0, 120)})`, remedy: 'check DATABASE_URL' };
    }
  }
}

/** One connection and a SELECT 1; nothing else. */
async function checkDatabase(databaseUrl: string, timeoutMs = 5_000): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs });
  // An 'error' after a failed connect must not crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    const { problem, remedy } = explainPg(err, new URL(databaseUrl));
    throw new StartupError(`DATABASE_URL (${describeTarget(databaseUrl)})`, problem, remedy);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The checks a configuration needs: content always; DATA_DIR when it is used; the database when set. */
export async function checkSetup(config: {
  readonly CONTENT_DIR: string;
  readonly DATA_DIR: string;
  readonly DATABASE_URL?: string | undefined;
  readonly MATRIX_HOMESERVER_URL?: string | undefined;
}): Promise<void> {
  checkContentDir(config.CONTENT_DIR);
  // DATA_DIR holds the SQLite file (no DATABASE_URL) and Matrix's sync token and keys.
  if (!config.DATABASE_URL || config.MATRIX_HOMESERVER_URL) checkDataDir(config.DATA_DIR);
  if (config.DATABASE_URL) await checkDatabase(config.DATABASE_URL);
}
