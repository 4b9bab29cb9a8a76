/**
 * Would a second thread make synthesis faster on this machine? Runs the bench workload (bench/our-workload.ts) as one
 * thread, and split over worker threads by application (thread k builds, renders, checks and writes the applications
 * whose index modulo the count is k), each run a fresh process from the precompiled bundle with V8's code cache, as
 * the bench runs ours. The split is the best case of any design: no merging of results, no checks across the parts,
 * no transfer of objects. It prints the median wall time and CPU time of each, for each N.
 *
 * Usage: npx tsx bench/threads.ts [N...]   (default 1000 2000; BENCH_REPS=7 runs each, interleaved; THREADS_NODE_FLAGS,
 * such as "--no-opt", are given to node for every run, and a run with them is timed beside each run without them)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { isMainThread, Worker, workerData } from 'worker_threads';
import { runChecks } from '../lib/checks/run-checks';
import { chooseEnvironments } from '../lib/synthesize';
import { renderApp } from '../lib/writer/render';
import { ourWorkload } from './our-workload';
import { bundle, snapshot, SNAPSHOT, WORK } from './tools';

/** Builds, renders, checks and writes one part of the workload into `out`; the number of objects. */
function part(n: number, index: number, count: number, out: string): number {
  const [env] = chooseEnvironments(['dev']);
  const files = renderApp(ourWorkload(n, { part: { index, count } })(env));
  const objects = files.flatMap((file) => file.objects);
  const { findings } = runChecks(objects, env);
  if (findings.length > 0) {
    throw new Error(`${findings.length} findings`);
  }
  fs.mkdirSync(out, { recursive: true });
  for (const file of files) {
    fs.writeFileSync(path.join(out, file.fileName), file.content);
  }
  return objects.length;
}

/** `run <N> <threads> <out>`: the timed process; the main thread is part 0, workers the others. */
async function run(n: number, count: number, out: string): Promise<void> {
  const workers = Array.from({ length: count - 1 }, (_, k) => {
    // process.argv[1] is scripts/run-bundle.js, __filename the bundle: the worker runs the bundle as this thread does.
    const worker = new Worker(process.argv[1], {
      argv: [__filename, 'worker'],
      workerData: { n, index: k + 1, count, out },
    });
    return new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exit ${code}`))));
    });
  });
  part(n, 0, count, out);
  await Promise.all(workers);
}

/** Median wall and CPU seconds of `reps` runs of each thread count, interleaved. */
function measure(
  script: string,
  n: number,
  counts: readonly number[],
  reps: number,
  flagSets: readonly string[][],
): void {
  const cases = flagSets.flatMap((flags) => counts.map((count) => ({ count, flags })));
  const label = ({ count, flags }: { count: number; flags: string[] }) =>
    `threads=${count}${flags.length > 0 ? ` ${flags.join(' ')}` : ''}`;
  const times = new Map(cases.map((item) => [label(item), [] as { wall: number; cpu: number }[]]));
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  for (let rep = 0; rep <= reps; rep++) {
    for (const { count, flags } of cases) {
      const out = fs.mkdtempSync(path.join(WORK, 'threads-out-'));
      const result = spawnSync(
        '/usr/bin/time',
        [
          '-f',
          '%e %U %S',
          'node',
          ...flags,
          path.join(SNAPSHOT, 'scripts', 'run-bundle.js'),
          script,
          'run',
          String(n),
          String(count),
          out,
        ],
        { cwd: SNAPSHOT, encoding: 'utf8', env },
      );
      if (result.status !== 0) {
        throw new Error(`N=${n} threads=${count}: ${result.stderr}`);
      }
      const [wall, user, system] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
      if (rep > 0) {
        // The first round writes the code caches.
        times.get(label({ count, flags }))!.push({ wall, cpu: user + system });
      }
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  for (const item of cases) {
    const runs = times.get(label(item))!;
    console.log(
      `N=${n} ${label(item)}: wall ${median(runs.map((r) => r.wall)).toFixed(2)} s, CPU ${median(runs.map((r) => r.cpu)).toFixed(2)} s (median of ${runs.length})`,
    );
  }
}

if (!isMainThread) {
  const { n, index, count, out } = workerData as { n: number; index: number; count: number; out: string };
  part(n, index, count, out);
} else if (process.argv[2] === 'run') {
  void run(Number(process.argv[3]), Number(process.argv[4]), process.argv[5]);
} else {
  const ns = process.argv.slice(2).map(Number);
  snapshot();
  const script = bundle('bench/threads.ts', 'threads');
  for (const n of ns.length > 0 ? ns : [1000, 2000]) {
    const flags = (process.env.THREADS_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
    measure(script, n, [1, 2], Number(process.env.BENCH_REPS ?? 7), flags.length > 0 ? [[], flags] : [[]]);
  }
  for (const entry of fs.readdirSync(WORK).filter((name) => name.startsWith('threads-out-'))) {
    fs.rmSync(path.join(WORK, entry), { recursive: true, force: true });
  }
}
