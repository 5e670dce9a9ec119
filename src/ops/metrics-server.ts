/**
 * The operator's listener (METRICS_PORT, on METRICS_HOST, by default 127.0.0.1): /metrics, /healthz and
 * /readyz, nothing else. The public HTTP_PORT then answers /metrics with 404. With METRICS_TOKEN the
 * metrics need `Authorization: Bearer <token>` wherever they are served.
 */
import type { Server } from 'node:http';
import type { Logger } from '../ports/capabilities.js';
import { startHttpServer, type MetricsAccess, type ReadinessCheck } from './http.js';

export interface MetricsServing {
  /** Where /metrics is served: on its own listener, on the public port (behind the token), or nowhere. */
  readonly where: 'own-port' | 'public-port' | 'nowhere';
  readonly access: MetricsAccess;
}

export function metricsServing(
  config: { METRICS_PORT?: number | undefined; METRICS_TOKEN?: string | undefined },
  metrics: MetricsAccess['metrics'],
): MetricsServing {
  const access = { metrics, token: config.METRICS_TOKEN };
  if (config.METRICS_PORT !== undefined) return { where: 'own-port', access };
  return { where: config.METRICS_TOKEN ? 'public-port' : 'nowhere', access };
}

export function startMetricsServer(opts: {
  readonly port: number;
  readonly host: string;
  readonly access: MetricsAccess;
  readonly readiness: readonly ReadinessCheck[];
  readonly logger: Logger;
}): Promise<Server> {
  return startHttpServer({
    port: opts.port,
    host: opts.host,
    metrics: opts.access,
    readiness: opts.readiness,
    logger: opts.logger,
  });
}
