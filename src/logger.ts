/** pino, configured once. Tokens are redacted; message text is never passed to the logger. */
import { createHmac, randomBytes } from 'node:crypto';
import pino from 'pino';
import type { Logger } from './ports/capabilities.js';

export interface LoggerOptions {
  readonly level: string;
  readonly format: 'json' | 'pretty';
  /** File descriptor to write to: 1 (stdout) normally, 2 (stderr) when stdout is the terminal chat. */
  readonly fd?: 1 | 2;
}

const REDACT_PATHS = [
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'config.TELEGRAM_BOT_TOKEN',
  'config.MATRIX_ACCESS_TOKEN',
  'config.TELEGRAM_WEBHOOK_SECRET',
  'headers.authorization',
  '*.headers.authorization',
  'text',
  '*.text',
];

export function createLogger(opts: LoggerOptions): Logger {
  const fd = opts.fd ?? 1;
  const transport =
    opts.format === 'pretty'
      ? pino.transport({ target: 'pino-pretty', options: { destination: fd, colorize: true } })
      : pino.destination({ fd, sync: false });
  return pino(
    {
      level: opts.level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { app: 'ki-widerspruch-bot' },
    },
    transport,
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * A short keyed hash for ids in log lines (chats, rooms), so the lines of one conversation can be grouped
 * without the logs holding its id. Same secret, same hash: set LOG_ID_SECRET to correlate across processes
 * and restarts; without a secret, a random key per process.
 */
export function idHasher(secret: string | undefined): (id: string) => string {
  const key = secret ?? randomBytes(32).toString('hex');
  return (id) => createHmac('sha256', key).update(id).digest('base64url').slice(0, 12);
}
