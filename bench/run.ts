/**
 * `npm run bench [engine|telegram|store|fanout ...]`: runs the benchmarks and prints figures next to
 * their baselines. With no argument, all of them. BENCH_SECONDS sets the length of timed phases.
 */
import { printEngineBench, runEngineBench } from './engine.js';
import { printFanoutBench, runFanoutBench } from './fanout/fanout.js';
import { printStoreBench, runStoreBench } from './store/bench.js';
import { printTelegramBench, runTelegramBench } from './telegram/bench.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const suites: Record<string, () => Promise<void>> = {
  engine: async () => printEngineBench(await runEngineBench(seconds)),
  telegram: async () =>
    printTelegramBench(await runTelegramBench({ seconds, rttMs: Number(process.env.BENCH_RTT_MS ?? 0) })),
  store: async () => printStoreBench(await runStoreBench()),
  fanout: async () => {
    const limit = Number(process.env.BENCH_FANOUT_LIMIT ?? 1000);
    printFanoutBench(await runFanoutBench(Number(process.env.BENCH_FANOUT_N ?? 100_000), limit), limit);
  },
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in suites));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}
console.log(`node ${process.version}, ${new Date().toISOString()}`);
for (const name of wanted.length ? wanted : Object.keys(suites)) {
  await suites[name]!();
  console.log('');
}
