/**
 * Memory with many subscriptions in SQLite, measured in a process of its own so nothing else inflates the figure:
 * subscribes N conversations through the store API (a third with a language, a tenth with a checklist item),
 * then pages through listSubscribers and runs stats, sampling RSS and heap. Prints one JSON line.
 *
 * Run by bench.ts as `node --expose-gc --import tsx bench/store/memory.ts <dir> <n>`.
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite.js';

export interface MemoryResult {
  readonly subscribers: number;
  readonly subscribeSeconds: number;
  readonly pageSize: number;
  readonly pages: number;
  readonly listed: number;
  readonly pagingSeconds: number;
  readonly statsMs: number;
  readonly rssBeforeMB: number;
  readonly peakRssPagingMB: number;
  readonly peakHeapPagingMB: number;
  /** The OS high-water mark of the whole run, including the inserts. */
  readonly maxRssMB: number;
  readonly fileMB: number;
}

const MB = 1024 * 1024;

async function measure(dir: string, n: number): Promise<MemoryResult> {
  const path = join(dir, 'bot.sqlite');
  rmSync(path, { force: true });
  const store = new SqliteStore(path);
  let started = performance.now();
  for (let i = 0; i < n; i++) {
    const id = `${i % 5 === 0 ? 'matrix:!r' : 'telegram:'}${i}`;
    await store.subscribe(id);
    if (i % 3 === 0) await store.setLanguage(id, i % 2 ? 'en' : 'de');
    if (i % 10 === 0) await store.setChecklistItem(id, 'instagram', true);
  }
  const subscribeSeconds = (performance.now() - started) / 1000;
  (globalThis as { gc?: () => void }).gc?.();
  const rssBeforeMB = process.memoryUsage().rss / MB;

  const pageSize = 1000;
  let peakRss = 0;
  let peakHeap = 0;
  let listed = 0;
  let pages = 0;
  let after: string | undefined;
  started = performance.now();
  for (;;) {
    const page = await store.listSubscribers(after, pageSize);
    if (page.length === 0) break;
    listed += page.length;
    pages += 1;
    after = page.at(-1)?.conversation;
    const mem = process.memoryUsage();
    peakRss = Math.max(peakRss, mem.rss);
    peakHeap = Math.max(peakHeap, mem.heapUsed);
  }
  const pagingSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  await store.stats();
  const statsMs = performance.now() - started;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  await store.close();
  const fileMB = statSync(path).size / MB;
  rmSync(dir, { recursive: true, force: true });
  return {
    subscribers: n,
    subscribeSeconds,
    pageSize,
    pages,
    listed,
    pagingSeconds,
    statsMs,
    rssBeforeMB,
    peakRssPagingMB: peakRss / MB,
    peakHeapPagingMB: peakHeap / MB,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    fileMB,
  };
}

const [dir, n] = process.argv.slice(2);
if (dir && n && process.argv[1]?.endsWith('memory.ts')) {
  process.stdout.write(`${JSON.stringify(await measure(dir, Number(n)))}\n`);
}
