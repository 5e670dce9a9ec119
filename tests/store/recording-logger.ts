/** A Logger that keeps what it was told, for asserting on start-up messages. */
import type { Logger } from '../../src/ports/capabilities.js';

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly obj: object;
  readonly msg: string | undefined;
}

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
