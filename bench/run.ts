/**
 * `npm run bench`: times the same workload (N applications, each a Namespace with a Deployment, a Service, a ConfigMap
 * and an Ingress) through this project's synthesis, plain cdk8s-plus-27, Kustomize and Helm, for several N, plus the
 * example application's own synthesis. Every run is a fresh child process under `/usr/bin/time` (wall time and peak
 * RSS), writing into a fresh temp directory; repetitions are interleaved (one round = every case once). It measures and
 * reports, it asserts nothing: a failing or timed-out case becomes a row that says so.
 *
 * Settings (environment): BENCH_NS=10,100,1000,2000  BENCH_REPS=5  BENCH_BUDGET_MIN=15 (beyond it, cases slower than
 * BENCH_ALWAYS_S=20 get fewer repetitions)  BENCH_TIMEOUT_S=900 (per run)  BENCH_ONLY=<substring,...> (tool filter).
 */
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  bundle,
  findHelm,
  findKubectl,
  findTsNode,
  Found,
  INPUTS,
  lastLines,
  load,
  machine,
  REPO,
  snapshot,
  SNAPSHOT,
  SNAPSHOT_EDIT,
  WORK,
} from './tools';
import { drawResults } from './chart';
import { sameObjectsDifferences, writeHelmChart, writeHelmChartLikeOurs, writeKustomize } from './workloads';

const NS = (process.env.BENCH_NS ?? '10,100,1000,2000').split(',').map(Number);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const BUDGET_S = Number(process.env.BENCH_BUDGET_MIN ?? 15) * 60;
const ALWAYS_S = Number(process.env.BENCH_ALWAYS_S ?? 20);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 900);
const ONLY = process.env.BENCH_ONLY?.split(',');
const TIME = '/usr/bin/time';
const BIN = path.join(REPO, 'node_modules', '.bin');
const EXAMPLE = 'example' as const;

/** How one case runs, given its fresh output directory. */
interface Command {
  readonly argv: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Send stdout to `<out>/output.yaml` (tools that print the manifests). */
  readonly stdoutToFile?: boolean;
}

interface Case {
  readonly tool: string;
  readonly n: number | typeof EXAMPLE;
  readonly command: (out: string) => Command;
  /** Exit codes that count as a completed run (`--check` exits 1 when dist/ differs). */
  readonly okCodes?: readonly number[];
  /** The row whose time the ratio column divides by. */
  readonly reference: string;
}

interface Run {
  readonly seconds: number;
  readonly peakMb?: number;
  readonly code: number | null;
  readonly objects?: number;
  readonly error?: string;
  /** The first line of stderr when a run exits with an accepted non-zero code. */
  readonly remark?: string;
}

const OURS = 'ours (precompiled)';
/** `npm run plan` of the workload against a base of the same size in which every application differs (bench/our-plan.ts). */
const PLAN = 'ours: plan against a base of the same size, every application changed (precompiled)';
/** The maps (lib/map/) of the same objects, laid out by Graphviz: bench/our-map.ts. */
const MAPS = 'ours: maps, laid out (precompiled)';
/** Helm writing, per application, the same ten objects as ours (bench/workloads.ts, `writeHelmChartLikeOurs`). */
const HELM_SAME = 'helm template (the same objects as ours)';
const EXAMPLE_REFERENCE = 'example: npm run synth (node scripts/synth.js)';
/** Runs a bundle with V8's code cache, as `npm run synth` does; the precompiled cdk8s rows get it too. */
const RUN_BUNDLE = path.join(SNAPSHOT, 'scripts', 'run-bundle.js');

/**
 * Where the runs write, each into a folder of its own, all removed at the end rather than after each run: on this
 * machine, deleting a run's thousand files made whichever run came next about 0.4 s slower. The folder is beside the
 * project (BENCH_OUT overrides it), on the file system that holds dist/, rather than in /tmp: here, writing a thousand
 * 9 KB files took 0.8-0.9 s of kernel time in /tmp against 0.15 s beside the project, a cost of the place that only a
 * tool writing a file per chart pays (Helm and Kustomize print one stream).
 */
const OUTPUTS = process.env.BENCH_OUT ?? path.join(WORK, `outputs-${process.pid}`);

function main(): Promise<void> {
  fs.mkdirSync(OUTPUTS, { recursive: true });
  return bench()
    .catch((error: Error) => {
      // Never a failing exit code for a slow or odd machine: report what happened.
      console.log(`bench: did not complete: ${error.message}`);
    })
    .finally(() => fs.rmSync(OUTPUTS, { recursive: true, force: true }));
}

async function bench(): Promise<void> {
  const started = Date.now();
  const notes: string[] = [];
  if (!fs.existsSync(TIME)) {
    notes.push(`${TIME} is missing (apt-get install time): peak memory is not measured`);
  }
  const loadAtStart = load();
  console.log('bench: preparing (snapshot of the sources, bundles, inputs, tools)');
  snapshot();
  const ourBundle = bundle('bench/our-synth.ts', 'our-synth');
  const plainBundle = bundle('bench/plain-cdk8s.ts', 'plain-cdk8s');
  const mapBundle = bundle('bench/our-map.ts', 'our-map');
  const planBundle = bundle('bench/our-plan.ts', 'our-plan');
  for (const n of NS) {
    writeKustomize(path.join(INPUTS, 'kustomize', String(n)), n, false);
    writeKustomize(path.join(INPUTS, 'kustomize-gen', String(n)), n, true);
    writeHelmChart(path.join(INPUTS, 'helm', String(n)), n);
    writeHelmChartLikeOurs(path.join(INPUTS, 'helm-same', String(n)), n);
  }
  const tsNode = findTsNode();
  const helm = findHelm();
  const kubectl = findKubectl();
  const versions = [tsNode, helm, kubectl].flatMap((found) => ('version' in found ? [found.version] : []));
  const perN: Case[] = [];
  const available = (found: Found, rows: string): boolean => {
    if ('error' in found) {
      notes.push(`${rows} skipped: ${found.error}`);
      return false;
    }
    return true;
  };
  const hasTsNode = available(tsNode, 'cdk8s CLI + ts-node rows');
  const hasHelm = available(helm, 'helm rows');
  const hasKubectl = available(kubectl, 'kustomize rows');
  for (const n of NS) {
    const add = (tool: string, command: Case['command']) => perN.push({ tool, n, command, reference: OURS });
    add('ours (tsx)', (out) => ({ argv: [path.join(BIN, 'tsx'), 'bench/our-synth.ts', String(n), out] }));
    add(OURS, (out) => ({ argv: ['node', RUN_BUNDLE, ourBundle, String(n), out] }));
    if (n === 1000) {
      // An overview of the namespaces and a map per namespace, every one laid out (no layout reused).
      add(MAPS, (out) => ({ argv: ['node', RUN_BUNDLE, mapBundle, String(n), out] }));
    }
    if (n === 1000 && (ONLY === undefined || ONLY.some((word) => PLAN.includes(word)))) {
      // Its base, untimed: a git repository whose dist/ is the workload before a release that changed every application.
      const base = path.join(INPUTS, 'plan-base', String(n));
      fs.rmSync(base, { recursive: true, force: true });
      execFileSync('node', [RUN_BUNDLE, planBundle, 'base', String(n), base], { cwd: SNAPSHOT, stdio: 'inherit' });
      perN.push({
        tool: PLAN,
        n,
        reference: OURS,
        command: () => ({ argv: ['node', RUN_BUNDLE, planBundle, String(n), base] }),
      });
    }
    if (hasTsNode && 'path' in tsNode) {
      const app = `${tsNode.path} bench/plain-cdk8s.ts ${n}`;
      add('cdk8s-plus (cdk8s CLI + ts-node)', (out) => ({
        argv: [path.join(BIN, 'cdk8s'), 'synth', '--check-upgrade=false', '--app', app, '--output', out],
        // CommonJS, as `cdk8s init typescript-app` sets it up: ts-node reads the project's tsconfig.json, whose
        // `module: preserve` (chosen for the type-check) would make it load the app as an ES module, which it cannot.
        env: { TS_NODE_COMPILER_OPTIONS: JSON.stringify({ module: 'commonjs', moduleResolution: 'node' }) },
      }));
    }
    add('cdk8s-plus (precompiled)', (out) => ({
      argv: ['node', RUN_BUNDLE, plainBundle, String(n)],
      env: { CDK8S_OUTDIR: out },
    }));
    if (hasKubectl) {
      add('kubectl kustomize', () => ({
        argv: ['kubectl', 'kustomize', path.join(INPUTS, 'kustomize', String(n))],
        stdoutToFile: true,
      }));
      add('kubectl kustomize (configMapGenerator)', () => ({
        argv: ['kubectl', 'kustomize', path.join(INPUTS, 'kustomize-gen', String(n))],
        stdoutToFile: true,
      }));
    }
    if (hasHelm && 'path' in helm) {
      add('helm template', () => ({
        argv: [helm.path, 'template', 'bench', path.join(INPUTS, 'helm', String(n))],
        stdoutToFile: true,
      }));
      add(HELM_SAME, () => ({
        argv: [helm.path, 'template', 'bench', path.join(INPUTS, 'helm-same', String(n))],
        stdoutToFile: true,
      }));
    }
  }
  if (hasHelm && 'path' in helm && (ONLY === undefined || ONLY.some((word) => HELM_SAME.includes(word)))) {
    notes.push(compareHelmSame(helm.path, ourBundle, Math.min(...NS)));
  }
  const cases: Case[] = [
    {
      tool: EXAMPLE_REFERENCE,
      n: EXAMPLE,
      reference: EXAMPLE_REFERENCE,
      command: () => ({ argv: ['node', 'scripts/synth.js'] }),
    },
    {
      // Every run edits one line of a chart first, so it pays the type-check gate (incremental), the bundle and the
      // code cache again: the loop of a contributor who edits and synthesizes. Its own copy keeps the row above warm.
      tool: 'example: npm run synth after a one-line change to a chart',
      n: EXAMPLE,
      reference: EXAMPLE_REFERENCE,
      command: () => ({
        argv: [
          'bash',
          '-c',
          `cd ${SNAPSHOT_EDIT} && echo "// edited $(date +%s%N)" >> lib/charts/web.ts && exec node scripts/synth.js`,
        ],
      }),
    },
    {
      // Both environments' maps laid out anew (bench/our-map.ts), as a synthesis does after a change to the objects.
      tool: `example: ${MAPS}`,
      n: EXAMPLE,
      reference: EXAMPLE_REFERENCE,
      command: (out: string) => ({ argv: ['node', RUN_BUNDLE, mapBundle, 'course', out] }),
    },
    {
      tool: 'example: npx tsx main.ts --check',
      n: EXAMPLE,
      reference: EXAMPLE_REFERENCE,
      okCodes: [0, 1],
      command: () => ({ argv: ['npx', 'tsx', 'main.ts', '--check'] }),
    },
    ...perN,
  ].filter((c) => ONLY === undefined || ONLY.some((word) => c.tool.includes(word)));

  console.log(`bench: warming up (one untimed run per tool at N=${Math.min(...NS)})`);
  const warm = new Set<string>();
  for (const c of cases) {
    if (!warm.has(c.tool) && (c.n === EXAMPLE || c.n === Math.min(...NS))) {
      warm.add(c.tool);
      await measure(c);
    }
  }

  const runs = new Map<Case, Run[]>(cases.map((c) => [c, []]));
  const record = async (c: Case, rep: number) => {
    const run = await measure(c);
    runs.get(c)!.push(run);
    const memory = run.peakMb === undefined ? '' : ` ${run.peakMb.toFixed(0)}MB`;
    console.log(
      `  rep ${rep} ${c.tool} N=${c.n}: ${run.seconds.toFixed(2)}s${memory}${run.error === undefined ? '' : ` FAILED: ${run.error.split('\n')[0]}`}`,
    );
  };
  console.log(`bench: round 1 of ${REPS} (${cases.length} cases)`);
  for (const c of cases) {
    await record(c, 1);
  }
  const plan = planRepetitions(cases, runs, BUDGET_S - (Date.now() - started) / 1000);
  for (let rep = 2; rep <= REPS; rep++) {
    const due = cases.filter((c) => (plan.get(c) ?? 1) >= rep);
    if (due.length === 0) {
      break;
    }
    console.log(`bench: round ${rep} of ${REPS} (${due.length} cases)`);
    for (const c of due) {
      await record(c, rep);
    }
  }
  const reduced = cases.filter(
    (c) => runs.get(c)!.length < REPS && runs.get(c)!.every((run) => run.error === undefined),
  );
  if (reduced.length > 0) {
    notes.push(
      `fewer than ${REPS} runs (time budget ${BUDGET_S / 60} min): ${reduced.map((c) => `${c.tool} N=${c.n} (${runs.get(c)!.length})`).join(', ')}`,
    );
  }
  report(cases, runs, notes, versions, (Date.now() - started) / 1000, loadAtStart);
}

/**
 * Whether the Helm chart of HELM_SAME writes the objects we write, at N: both run once into a temp folder, then
 * `sameObjectsDifferences` compares them; the note under the table says what it found.
 */
function compareHelmSame(helm: string, ourBundle: string, n: number): string {
  const dir = fs.mkdtempSync(path.join(OUTPUTS, 'same-'));
  execFileSync('node', [RUN_BUNDLE, ourBundle, String(n), dir], { cwd: SNAPSHOT, stdio: 'ignore' });
  const ours = fs
    .readdirSync(path.join(dir, 'dev'))
    .filter((name) => name.endsWith('.k8s.yaml'))
    .map((name) => fs.readFileSync(path.join(dir, 'dev', name), 'utf8'))
    .join('---\n');
  const theirs = execFileSync(helm, ['template', 'bench', path.join(INPUTS, 'helm-same', String(n))], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const differences = sameObjectsDifferences(ours, theirs);
  return differences.length === 0
    ? `${HELM_SAME}: checked at N=${n}, its output holds the same objects as ours (parsed and compared by kind, ` +
        'namespace and name; each tool keeps its own managed-by label value and ConfigMap name hash)'
    : `${HELM_SAME}: at N=${n} its output differs from ours (${differences.length} differences; first: ${differences[0].slice(0, 300)})`;
}

/** Repetitions per case: all for cases up to ALWAYS_S seconds, then as the remaining budget allows, cheapest first. */
function planRepetitions(
  cases: readonly Case[],
  runs: ReadonlyMap<Case, Run[]>,
  budgetLeft: number,
): Map<Case, number> {
  const plan = new Map<Case, number>();
  let left = budgetLeft;
  const byCost = [...cases].sort((a, b) => runs.get(a)![0].seconds - runs.get(b)![0].seconds);
  for (const c of byCost) {
    const first = runs.get(c)![0];
    if (first.error !== undefined) {
      plan.set(c, 1);
      continue;
    }
    const extra =
      first.seconds <= ALWAYS_S ? REPS - 1 : Math.max(0, Math.min(REPS - 1, Math.floor(left / first.seconds)));
    left -= extra * first.seconds;
    plan.set(c, 1 + extra);
  }
  return plan;
}

/** Runs one case in a fresh child process and a fresh output directory, under /usr/bin/time. */
async function measure(c: Case): Promise<Run> {
  const dir = fs.mkdtempSync(path.join(OUTPUTS, 'run-'));
  const out = path.join(dir, 'out');
  fs.mkdirSync(out);
  const timeFile = path.join(dir, 'time.txt');
  const command = c.command(out);
  const timed = fs.existsSync(TIME) ? [TIME, '-f', '%e %M', '-o', timeFile, ...command.argv] : [...command.argv];
  const stdoutFd = command.stdoutToFile ? fs.openSync(path.join(out, 'output.yaml'), 'w') : undefined;
  try {
    const begin = process.hrtime.bigint();
    const { code, stdout, stderr, timedOut } = await spawnChild(timed, command.env, stdoutFd);
    const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
    const timeLine = fs.existsSync(timeFile) ? (fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '') : '';
    const peakKb = Number(timeLine.split(' ')[1]);
    const peakMb = Number.isFinite(peakKb) && peakKb > 0 ? peakKb / 1024 : undefined;
    let error: string | undefined;
    if (timedOut) {
      error = `timed out after ${TIMEOUT_S}s (BENCH_TIMEOUT_S)`;
    } else if (!(c.okCodes ?? [0]).includes(code ?? -1)) {
      error = `exit ${code}: ${lastLines(stderr, 3)}`;
    }
    const objects = error === undefined ? countObjects(out, stdout) : undefined;
    const remark = error === undefined && code !== 0 ? stderr.trim().split('\n')[0].slice(0, 80) : undefined;
    return { seconds, peakMb, code, objects, error, remark };
  } finally {
    if (stdoutFd !== undefined) {
      fs.closeSync(stdoutFd);
    }
  }
}

/**
 * The environment without NODE_EXTRA_CA_CERTS: this machine sets it, and Node then loads a CA bundle at every start
 * (about 0.1 s here); no case makes a TLS connection. The notes under the table say so.
 */
function withoutCaCerts(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _ignored, ...rest } = env;
  return rest;
}

function spawnChild(
  argv: readonly string[],
  env: Readonly<Record<string, string>> | undefined,
  stdoutFd: number | undefined,
) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }>((resolve) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: SNAPSHOT,
      env: { ...withoutCaCerts(process.env), ...env },
      stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'],
      detached: true, // its own process group, so a timeout ends the whole tree
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout = (stdout + chunk.toString()).slice(-20000)));
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20000)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid!, 'SIGKILL');
    }, TIMEOUT_S * 1000);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: `${stderr}${error.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/** Objects written: top-level `kind:` lines in the output files, else an `<n> objects` line on stdout. */
function countObjects(out: string, stdout: string): number | undefined {
  let count = 0;
  let files = 0;
  for (const entry of fs.readdirSync(out, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && /\.ya?ml$/.test(entry.name)) {
      files++;
      count += (fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8').match(/^kind: /gm) ?? []).length;
    }
  }
  if (files > 0) {
    return count;
  }
  const counts = [...stdout.matchAll(/(\d+) objects/g)].map((match) => Number(match[1]));
  return counts.length === 0 ? undefined : counts.reduce((sum, value) => sum + value, 0);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

interface Row {
  readonly c: Case;
  readonly ok: Run[];
  readonly failed?: Run;
  readonly median?: number;
  readonly peakMb?: number;
}

function report(
  cases: readonly Case[],
  runs: ReadonlyMap<Case, Run[]>,
  notes: string[],
  versions: readonly string[],
  totalSeconds: number,
  loadAtStart: string,
): void {
  const rows: Row[] = cases.map((c) => {
    const ok = runs.get(c)!.filter((run) => run.error === undefined);
    const failed = runs.get(c)!.find((run) => run.error !== undefined);
    const peaks = ok.flatMap((run) => (run.peakMb === undefined ? [] : [run.peakMb]));
    return {
      c,
      ok,
      failed,
      median: ok.length > 0 ? median(ok.map((run) => run.seconds)) : undefined,
      peakMb: peaks.length > 0 ? Math.max(...peaks) : undefined,
    };
  });
  const find = (tool: string, n: Case['n']) => rows.find((row) => row.c.tool === tool && row.c.n === n);
  const header = ['tool', 'N', 'runs', 'median s', 'min–max s', 'peak MB', 'objects', `time / ours`];
  const lines = rows.map((row) => {
    const reference = find(row.c.reference, row.c.n)?.median;
    const times = row.ok.map((run) => run.seconds);
    const ratio = row.median !== undefined && reference !== undefined ? (row.median / reference).toFixed(2) : '–';
    const objects = row.ok[0]?.objects;
    const failure = row.failed?.error?.split('\n')[0];
    const remark = row.ok.find((run) => run.remark !== undefined);
    const checkNote = remark === undefined ? '' : ` (exit ${remark.code}: ${remark.remark})`;
    return [
      row.c.tool + checkNote,
      String(row.c.n),
      failure === undefined ? String(row.ok.length) : `${row.ok.length} (+1 failed: ${failure.slice(0, 80)})`,
      row.median?.toFixed(2) ?? 'failed',
      times.length > 0 ? `${Math.min(...times).toFixed(2)}–${Math.max(...times).toFixed(2)}` : '–',
      row.peakMb?.toFixed(0) ?? '–',
      objects === undefined ? '–' : String(objects),
      ratio,
    ];
  });
  for (const row of rows.filter((r) => r.failed !== undefined)) {
    notes.push(`${row.c.tool} N=${row.c.n} failed: ${row.failed!.error}`);
  }
  const table = [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
  console.log(`\n${aligned([header, ...lines])}\n`);

  const headN = NS.includes(1000) ? 1000 : Math.max(...NS);
  const ours = find(OURS, headN);
  /** Our median over another tool's at N, as text. */
  const oursAt = (n: number, tool: string) => {
    const mine = find(OURS, n)?.median;
    const other = find(tool, n)?.median;
    return mine !== undefined && other !== undefined ? (mine / other).toFixed(2) : 'n/a';
  };
  const oursOver = (tool: string) => oursAt(headN, tool);
  const twoThousand = find(OURS, 2 * headN)?.median;
  const growth =
    ours?.median !== undefined && twoThousand !== undefined ? (twoThousand / ours.median).toFixed(2) : 'n/a';
  const headline =
    `bench: ours N=${headN} ${ours?.median?.toFixed(2) ?? 'n/a'}s ${ours?.peakMb?.toFixed(0) ?? 'n/a'}MB; ` +
    `ours/kustomize ${oursOver('kubectl kustomize')}; ours/kustomize-gen ${oursOver('kubectl kustomize (configMapGenerator)')}; ` +
    `ours/helm ${oursOver('helm template')} (N${2 * headN} ${oursAt(2 * headN, 'helm template')}); ` +
    `ours/helm-same-objects ${oursOver(HELM_SAME)} (N${2 * headN} ${oursAt(2 * headN, HELM_SAME)}); ours/cdk8s ${oursOver('cdk8s-plus (precompiled)')}; ` +
    `ours/cdk8s-cli ${oursOver('cdk8s-plus (cdk8s CLI + ts-node)')}; N${2 * headN}/N${headN} ${growth}`;

  const settings = [
    'BENCH_NS',
    'BENCH_REPS',
    'BENCH_BUDGET_MIN',
    'BENCH_REF',
    'BENCH_OUT',
    'BENCH_ALWAYS_S',
    'BENCH_TIMEOUT_S',
    'BENCH_ONLY',
  ].filter((name) => process.env[name] !== undefined);
  const command = `${settings.map((name) => `${name}=${process.env[name]} `).join('')}npm run bench`;
  const markdown = [
    '# Bench results',
    '',
    `- date: ${new Date().toISOString()}`,
    `- machine: ${machine()}; load average (1, 5, 15 min) at the start ${loadAtStart}, at the end ${load()}`,
    `- tools: ${versions.join('; ')}`,
    `- command: \`${command}\` (${(totalSeconds / 60).toFixed(1)} min)`,
    `- each run: a fresh child process under \`/usr/bin/time -f '%e %M'\`, a fresh output directory; median wall time` +
      ` (parent's clock), peak RSS (largest process of the run's tree, max over runs); rounds interleave every case.` +
      ` "time / ours" divides by "${OURS}" at the same N (example rows: by "${EXAMPLE_REFERENCE}").` +
      ` Children run without NODE_EXTRA_CA_CERTS (this machine sets it; Node then loads a CA bundle at every start, about` +
      ` 0.1 s; no case makes a TLS connection). Precompiled rows (ours and cdk8s-plus alike) run their esbuild bundle` +
      ` through scripts/run-bundle.js, with V8's code cache, as \`npm run synth\` does; the untimed warm-up run writes it.` +
      ` Outputs are deleted at the end of the bench, not between runs (deleting a thousand files slowed the next run),` +
      ` and written to ${path.relative(REPO, OUTPUTS)}/, on the project's file system, not /tmp (creating a file in /tmp` +
      ` costs this machine about 0.8 ms of kernel time, 0.15 ms beside the project).`,
    '',
    table,
    '',
    ...(notes.length > 0 ? ['Notes:', '', ...notes.map((note) => `- ${note}`), ''] : []),
    `\`${headline}\``,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(__dirname, 'results.md'), markdown);
  for (const note of notes) {
    console.log(`note: ${note}`);
  }
  console.log(`wrote bench/results.md and ${path.relative(REPO, drawResults())}`);
  console.log(headline);
}

function aligned(table: readonly string[][]): string {
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  return table.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ')).join('\n');
}

void main();
