/**
 * The HTTP server (HTTP_PORT): /healthz, /readyz, the platforms' inbound routes (in webhook mode the
 * Telegram webhook), and with WEB_BASE_URL the web guide's pages. Off unless HTTP_PORT is set or webhook mode
 * needs it. /metrics is the operator's: served only where `metrics` is given (the metrics listener on
 * METRICS_PORT, see metrics-server.ts, or this port with METRICS_TOKEN), and with a token only to
 * `Authorization: Bearer`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../ports/capabilities.js';
import type { Metrics } from './metrics.js';
import { CONTENT_SECURITY_POLICY } from '../render/web/page.js';
import type { WebSite } from '../render/web/site.js';

export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<boolean>;
}

/** Who may read /metrics: everyone who reaches the listener, or with a token only its bearer. */
export interface MetricsAccess {
  readonly metrics: Metrics;
  readonly token?: string | undefined;
}

/** A platform's inbound HTTP route (src/platforms.ts). */
export interface HttpRoute {
  readonly path: string;
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface HttpOptions {
  readonly port: number;
  readonly host: string;
  /** Without it, /metrics is not served here (404). */
  readonly metrics?: MetricsAccess | undefined;
  readonly readiness: readonly ReadinessCheck[];
  /** Inbound routes of the platforms (Telegram's webhook), matched by exact path before anything else. */
  readonly routes?: readonly HttpRoute[] | undefined;
  readonly logger: Logger;
  /** The web guide, served from memory at the same paths as dist/web (current content, after reloads). */
  readonly web?: (() => WebSite | undefined) | undefined;
}

export async function startHttpServer(opts: HttpOptions): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = opts.routes?.find((r) => r.path === path);
    if (route) return route.handler(req, res);
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
      case '/metrics': {
        const access = opts.metrics;
        if (!access) return reply(res, 404, 'not found\n');
        if (access.token !== undefined && !bearerMatches(req.headers.authorization, access.token)) {
          res.setHeader('www-authenticate', 'Bearer');
          return reply(res, 401, 'unauthorized\n');
        }
        void access.metrics.registry.metrics().then(
          (text) => reply(res, 200, text, access.metrics.registry.contentType),
          (err: unknown) => {
            opts.logger.error({ err }, 'metrics collection failed');
            reply(res, 500, 'metrics unavailable\n');
          },
        );
        return;
      }
      default:
        return opts.web ? serveWeb(opts.web(), path ?? '/', req, res) : reply(res, 404, 'not found\n');
    }
  });
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  opts.logger.info(
    {
      port: opts.port,
      host: opts.host,
      metrics: opts.metrics ? (opts.metrics.token ? 'token' : 'open') : 'off',
    },
    'http: listening',
  );
  return server;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
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

/** A page of the web guide: "/de/instagram/" is "de/instagram/index.html"; "/de/instagram" redirects. */
function serveWeb(site: WebSite | undefined, path: string, req: IncomingMessage, res: ServerResponse): void {
  if (!site) return reply(res, 404, 'not found\n');
  let name: string;
  try {
    name = decodeURIComponent(path).replace(/^\/+/, '');
  } catch {
    return reply(res, 400, 'bad request\n');
  }
  if (name === '' || name.endsWith('/')) name += 'index.html';
  const file = site.get(name);
  if (!file && site.has(`${name}/index.html`)) {
    // Built from the matched name, never from the raw path ("//host/x" must not become a redirect elsewhere).
    res.writeHead(301, { location: `/${name}/`, 'cache-control': 'no-store' });
    return void res.end();
  }
  if (!file) return reply(res, 404, 'not found\n');
  const headers = {
    etag: file.etag,
    // Short, so that a content reload reaches readers soon; the ETag makes revalidation cheap.
    'cache-control': 'public, max-age=300',
    'x-content-type-options': 'nosniff',
    'content-security-policy': `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
    'referrer-policy': 'no-referrer',
  };
  if (req.headers['if-none-match']?.split(',').some((tag) => tag.trim() === file.etag)) {
    res.writeHead(304, headers);
    return void res.end();
  }
  res.writeHead(200, { ...headers, 'content-type': file.type, 'content-length': file.body.length });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}
