/**
 * Loggers that keep what they were told, for tests that check what was (never) logged: a real pino logger
 * writing JSON lines into an array (the adapters' harnesses), and a structured one for our Logger port.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import type { Logger } from '../../src/ports/capabilities.js';

/** A pino logger at debug level whose JSON lines go into `lines` (one entry per line). */
export function lineLogger(lines: string[] = []): Logger {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return pino({ level: 'debug' }, sink);
}

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly obj: object;
  readonly msg: string | undefined;
}

/** A Logger that keeps each call as { level, obj, msg }. */
export function recordingLogger(entries: LogEntry[] = []): Logger & { readonly entries: LogEntry[] } {
  const log = (level: LogEntry['level']) => (obj: object, msg?: string) =>
    void entries.push({ level, obj, msg });
  const logger = {
    entries,
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: () => logger,
  };
  return logger;
}
