/**
 * Routes matrix-bot-sdk's LogService into our pino logger. Only strings and error names/codes pass: the
 * SDK may log request bodies or events as objects, and message text must never reach the logs. Its HTTP
 * errors (every 404 it expects, too) are our callers' business and go to debug.
 */
import type { MatrixSdk } from './sdk-loader.js';
import type { Logger } from '../../src/ports/capabilities.js';

function describe(parts: readonly unknown[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return p;
      if (p instanceof Error) return `${p.name}${'errcode' in p ? ` ${String(p.errcode)}` : ''}`;
      return '';
    })
    .filter(Boolean)
    .join(' ')
    .slice(0, 300);
}

export function routeSdkLogs(sdk: MatrixSdk, logger: Logger): void {
  const log = logger.child({ module: 'matrix-bot-sdk' });
  const quiet = (module: string): boolean => module === 'MatrixHttpClient';
  sdk.LogService.setLogger({
    trace: () => undefined,
    debug: (module: string, ...parts: unknown[]) => log.debug({ sdkModule: module }, describe(parts)),
    info: (module: string, ...parts: unknown[]) => log.debug({ sdkModule: module }, describe(parts)),
    warn: (module: string, ...parts: unknown[]) =>
      quiet(module)
        ? log.debug({ sdkModule: module }, describe(parts))
        : log.warn({ sdkModule: module }, describe(parts)),
    error: (module: string, ...parts: unknown[]) =>
      quiet(module)
        ? log.debug({ sdkModule: module }, describe(parts))
        : log.warn({ sdkModule: module }, describe(parts)),
  });
  // Never TRACE: the SDK logs request bodies there.
  sdk.LogService.setLevel(sdk.LogLevel.INFO);
}
