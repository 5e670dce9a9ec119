/**
 * The shipped dashboard and alert rules (deploy/) name only metrics the bot exports: every metric in their
 * PromQL must appear in a running bot's /metrics output (as a family, # TYPE), and every `outcome` label value
 * must be one the bot uses. compose.yaml provisions both under the "monitoring" profile.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { freePort } from '../helpers/net.js';

interface Rule {
  readonly alert: string;
  readonly expr: string;
  readonly labels: { readonly severity: string };
  readonly annotations: { readonly summary: string };
}
interface Dashboard {
  readonly uid: string;
  readonly panels: readonly { title: string; targets: { expr: string }[]; datasource: { uid: string } }[];
}

const rules = (
  parse(readFileSync('deploy/prometheus/alerts.yml', 'utf8')) as { groups: { rules: Rule[] }[] }
).groups.flatMap((g) => g.rules);
const dashboard = JSON.parse(readFileSync('deploy/grafana/dashboards/bot.json', 'utf8')) as Dashboard;
/** Metrics Prometheus makes itself, not the bot. */
const PROMETHEUS_OWN = new Set(['up']);
const PROMQL_WORDS = new Set([
  'sum',
  'min',
  'max',
  'by',
  'without',
  'rate',
  'increase',
  'delta',
  'count',
  'or',
  'and',
  'vector',
  'histogram_quantile',
  'clamp_min',
  'le',
  'job',
  'instance',
  'platform',
  'outcome',
  'status',
  'lang',
]);

/** Metric names in a PromQL expression: identifiers that are not functions, keywords, labels or inside quotes. */
function metricNames(expr: string): string[] {
  const bare = expr.replace(/"[^"]*"/g, '""').replace(/\[[^\]]*\]/g, '');
  const names = new Set<string>();
  for (const m of bare.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = m[0];
    if (PROMQL_WORDS.has(word) || /^\d/.test(word) || word === 'e') continue;
    names.add(word);
  }
  return [...names];
}

let app: App | undefined;
let dir = '';
let families = new Set<string>();
let helpOfDeliveries = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'monitoring-'));
  const port = await freePort();
  const config = loadConfig({
    DATA_DIR: dir,
    HTTP_PORT: String(await freePort()),
    HTTP_HOST: '127.0.0.1',
    METRICS_PORT: String(port),
  });
  app = await createApp({ config, logger: silentLogger, shutdownGraceMs: 500 });
  await app.start();
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  families = new Set(
    [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) =>
      type === 'histogram' ? [name!, `${name}_bucket`, `${name}_count`, `${name}_sum`] : [name!],
    ),
  );
  helpOfDeliveries = /^# HELP bot_deliveries_total (.*)$/m.exec(text)?.[1] ?? '';
});

afterAll(async () => {
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the monitoring shipped in deploy/', () => {
  it('alert rules are well formed and cover what an operator must act on', () => {
    expect(rules.length).toBeGreaterThan(5);
    for (const r of rules) {
      expect(r.alert, JSON.stringify(r)).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(['critical', 'warning', 'info']).toContain(r.labels.severity);
      expect(r.annotations.summary.length).toBeGreaterThan(10);
    }
    const all = rules.map((r) => r.expr).join('\n');
    for (const needed of [
      'bot_store_up',
      'outcome="failed"',
      'outcome="retry"',
      'outcome="rate_limited"',
      'bot_deliveries{status="due"}',
      'bot_sender_claims_released_total',
      'bot_content_age_days',
    ])
      expect(all).toContain(needed);
  });

  it('every metric the rules and the dashboard name exists in /metrics', () => {
    expect(families.has('bot_updates_total')).toBe(true);
    const exprs = [
      ...rules.map((r) => [`alert ${r.alert}`, r.expr] as const),
      ...dashboard.panels.flatMap((p) => p.targets.map((t) => [`panel ${p.title}`, t.expr] as const)),
    ];
    expect(exprs.length).toBeGreaterThan(20);
    const missing = exprs.flatMap(([where, expr]) =>
      metricNames(expr)
        .filter((name) => !PROMETHEUS_OWN.has(name) && !families.has(name))
        .map((name) => `${where}: ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it('every outcome they name is one the bot reports', () => {
    const used = [
      ...[...rules.map((r) => r.expr), ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr))]
        .join('\n')
        .matchAll(/outcome="([a-z_]+)"/g),
    ].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(0);
    for (const outcome of used) expect(helpOfDeliveries).toContain(outcome);
  });

  it('the dashboard reads the provisioned data source, and compose provisions both under the monitoring profile', () => {
    const source = parse(readFileSync('deploy/grafana/provisioning/datasources/prometheus.yml', 'utf8')) as {
      datasources: { uid: string; url: string }[];
    };
    const uid = source.datasources[0]!.uid;
    for (const p of dashboard.panels) expect(p.datasource.uid, p.title).toBe(uid);
    const compose = parse(readFileSync('compose.yaml', 'utf8')) as {
      services: Record<
        string,
        { profiles?: string[]; volumes?: string[]; ports?: string[]; environment?: Record<string, string> }
      >;
    };
    const { prometheus, grafana, bot1 } = compose.services;
    expect(prometheus?.profiles).toEqual(['monitoring']);
    expect(grafana?.profiles).toEqual(['monitoring']);
    expect(prometheus?.volumes?.join(' ')).toContain('./deploy/prometheus/alerts.yml');
    expect(grafana?.volumes?.join(' ')).toContain('./deploy/grafana/dashboards');
    // Nothing of the monitoring is published beyond the host itself.
    for (const port of [...(prometheus?.ports ?? []), ...(grafana?.ports ?? [])])
      expect(port).toMatch(/^127\.0\.0\.1:/);
    const scrape = parse(readFileSync('deploy/prometheus/prometheus.yml', 'utf8')) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const targets = scrape.scrape_configs[0]!.static_configs[0]!.targets;
    expect(targets).toContain(`bot1:${bot1?.environment?.METRICS_PORT}`);
  });
});
