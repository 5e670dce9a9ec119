/**
 * The operations HTTP server (HTTP_PORT): /healthz, /readyz, /metrics and, in webhook mode, the Telegram
 * webhook. Off unless HTTP_PORT is set or webhook mode needs it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../ports/capabilities.js';
import type { Metrics } from './metrics.js';

export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<boolean>;
}

export interface HttpOptions {
  readonly port: number;
  readonly host: string;
  readonly metrics: Metrics;
  readonly readiness: readonly ReadinessCheck[];
  readonly webhook?:
    | { readonly path: string; readonly handler: (req: IncomingMessage, res: ServerResponse) => void }
    | undefined;
  readonly logger: Logger;
}

export async function startHttpServer(opts: HttpOptions): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (opts.webhook && path === opts.webhook.path) return opts.webhook.handler(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'method not allowed\n');
    switch (path) {
      case '/healthz':
        return reply(res, 200, 'ok\n');
      case '/readyz':
        void ready(opts.readiness).then(
          (result) => reply(res, result.ok ? 200 : 503, `${JSON.stringify(result)}\n`, 'application/json'),
          () => reply(res, 503, '{"ok":false}\n', 'application/json'),
        );
        return;
      case '/metrics':
        void opts.metrics.registry.metrics().then(
          (text) => reply(res, 200, text, opts.metrics.registry.contentType),
          (err: unknown) => {
            opts.logger.error({ err }, 'metrics collection failed');
            reply(res, 500, 'metrics unavailable\n');
          },
        );
        return;
      default:
        return reply(res, 404, 'not found\n');
    }
  });
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  opts.logger.info({ port: opts.port, host: opts.host }, 'http: listening');
  return server;
}

async function ready(
  checks: readonly ReadinessCheck[],
): Promise<{ ok: boolean; checks: Record<string, boolean> }> {
  const results = await Promise.all(
    checks.map(async (c) => [c.name, await c.check().catch(() => false)] as const),
  );
  return { ok: results.every(([, ok]) => ok), checks: Object.fromEntries(results) };
}

function reply(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
