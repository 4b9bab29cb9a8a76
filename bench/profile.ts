/**
 * Where our synthesis spends its time: runs the precompiled bench workload (bench/.work/build/our-synth.js, as the
 * last `npm run bench` built it; `--fresh` snapshots and bundles the current sources) under `node --cpu-prof` for each
 * N given (default 1000 2000), then reads the .cpuprofile: time per phase (each sample goes to the innermost phase
 * function on its stack), and the functions with the most self and inclusive time.
 *
 * Usage: tsx bench/profile.ts [--fresh] [N...]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { SourceMap, SourceMapPayload } from 'module';
import * as path from 'path';
import { BUILD, bundle, snapshot, SNAPSHOT, WORK } from './tools';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Phase markers, outermost first; a sample belongs to the innermost marker on its stack that may nest where it is. */
const PHASES: { phase: string; name: RegExp; within?: RegExp }[] = [
  { phase: 'other top-level code', name: /^$/ },
  { phase: 'environment parsing (zod)', name: /^chooseEnvironments\d*$/ },
  { phase: 'synthesize: other (GitOps files, mirror)', name: /^synthesize\d*$/ },
  { phase: 'renderEnvironments: other', name: /^renderEnvironments\d*$/ },
  { phase: 'construct building', name: /^build\d*$/ },
  { phase: 'render: tree walk, node.validate(), sort', name: /^(renderApp|visit)\d*$/ },
  { phase: 'render: manifestOf (resolve, bindings)', name: /^(manifestOf|toJson)\d*$/, within: /^render/ },
  { phase: 'render: tidy', name: /^tidy\d*$/, within: /^render/ },
  { phase: 'render: content hashes', name: /^suffixContentHashes\d*$/, within: /^render/ },
  { phase: 'YAML (written after the checks)', name: /^toYaml\d*$/ },
  { phase: 'checks', name: /^(runChecks|formatFindings)\d*$/ },
  { phase: 'writing files (the dist/ transaction)', name: /^(replaceFolders|writeTree)\d*$/ },
  { phase: 'module loading', name: /^(require_.*|__require|init_.*|__commonJS|__esm)$/ },
];
const SPECIAL: Record<string, string> = {
  '(garbage collector)': 'garbage collection',
  '(program)': 'V8 / native (program)',
  '(idle)': 'idle',
};

function main(argv: string[]): void {
  const fresh = argv.includes('--fresh');
  const ns = argv.filter((arg) => /^\d+$/.test(arg)).map(Number);
  let script = path.join(BUILD, 'our-synth.js');
  if (fresh || !fs.existsSync(script)) {
    snapshot();
    script = bundle('bench/our-synth.ts', 'our-synth');
  }
  console.log(`profiling ${path.relative(process.cwd(), script)} (built ${fs.statSync(script).mtime.toISOString()})`);
  const results = (ns.length > 0 ? ns : [1000, 2000]).map((n) => ({ n, ...profile(script, n) }));
  const phases = [...new Set([...Object.values(SPECIAL), ...PHASES.map((p) => p.phase)])];
  const rows = phases
    .map((phase) => [
      phase,
      ...results.flatMap((r) => [(r.phases.get(phase) ?? 0) / 1e6, (100 * (r.phases.get(phase) ?? 0)) / r.total]),
    ])
    .filter((row) => row.slice(1).some((value) => (value as number) >= 0.005));
  console.log(
    `\n| phase | ${results.map((r) => `N=${r.n} s | N=${r.n} %`).join(' | ')} |${results.length > 1 ? ` N=${results[1].n}/N=${results[0].n} |` : ''}`,
  );
  console.log(`| --- | ${results.map(() => '---: | ---:').join(' | ')} |${results.length > 1 ? ' ---: |' : ''}`);
  for (const row of rows) {
    const cells = row
      .slice(1)
      .map((value, index) => (index % 2 === 0 ? (value as number).toFixed(2) : `${(value as number).toFixed(1)}%`));
    const growth =
      results.length > 1
        ? ` ${((results[1].phases.get(row[0] as string) ?? 0) / Math.max(1, results[0].phases.get(row[0] as string) ?? 0)).toFixed(2)} |`
        : '';
    console.log(`| ${row[0]} | ${cells.join(' | ')} |${growth}`);
  }
  const totals = results
    .map((r) => `N=${r.n}: profile ${(r.total / 1e6).toFixed(2)}s, wall ${r.wall.toFixed(2)}s`)
    .join('; ');
  console.log(`| total | ${totals} |`);
  for (const r of results) {
    console.log(`\nN=${r.n}: top self time`);
    printTop(r.self, r.total);
    console.log(`N=${r.n}: top inclusive time (functions of the bundle)`);
    printTop(r.inclusive, r.total, 25);
  }
}

function profile(script: string, n: number) {
  const dir = fs.mkdtempSync(path.join(WORK, 'profile-'));
  // Beside the project, as the bench writes (bench/run.ts says why not /tmp).
  const out = fs.mkdtempSync(path.join(WORK, 'profile-out-'));
  try {
    const begin = process.hrtime.bigint();
    const result = spawnSync(
      'node',
      ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=250', script, String(n), out],
      { cwd: SNAPSHOT, encoding: 'utf8' },
    );
    const wall = Number(process.hrtime.bigint() - begin) / 1e9;
    if (result.status !== 0) {
      throw new Error(`N=${n}: exit ${result.status}: ${result.stderr.slice(0, 2000)}`);
    }
    const file = fs.readdirSync(dir).find((name) => name.endsWith('.cpuprofile'))!;
    const kept = path.join(WORK, `our-synth-N${n}.cpuprofile`);
    fs.renameSync(path.join(dir, file), kept);
    return { wall, ...analyse(JSON.parse(fs.readFileSync(kept, 'utf8')) as CpuProfile, modulesOf(script)) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/**
 * For a position in the bundle, where in the sources it came from (`lib/x.ts:12`), read from the bundle's source map
 * (the bundle is minified, so most of it is on a few lines; without a map, the bundle's own line).
 */
function modulesOf(script: string): (line: number, column: number) => string {
  const mapFile = `${script}.map`;
  if (!fs.existsSync(mapFile)) {
    return (line) => `${path.basename(script)}:${line + 1}`;
  }
  const map = new SourceMap(JSON.parse(fs.readFileSync(mapFile, 'utf8')) as SourceMapPayload);
  const names = new Map<string, string>();
  return (line, column) => {
    const entry = map.findEntry(line, column) as { originalSource?: string; originalLine?: number };
    const source = entry.originalSource;
    if (source === undefined) {
      return `${path.basename(script)}:${line + 1}`;
    }
    let name = names.get(source);
    if (name === undefined) {
      name = source.replace(/^(\.\.\/)+(snapshot\/)?/, '').replace(/^node_modules\//, '');
      names.set(source, name);
    }
    return `${name}:${(entry.originalLine ?? 0) + 1}`;
  };
}

function analyse(profile: CpuProfile, moduleAt: (line: number, column: number) => string) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parent.set(child, node.id);
    }
  }
  const phaseOf = new Map<number, string>(); // memoised per node: the phase of a sample whose leaf is this node
  const classify = (id: number): string => {
    const known = phaseOf.get(id);
    if (known !== undefined) {
      return known;
    }
    const node = byId.get(id)!;
    const special = Object.hasOwn(SPECIAL, node.callFrame.functionName)
      ? SPECIAL[node.callFrame.functionName]
      : undefined;
    const above = parent.has(id) ? classify(parent.get(id)!) : 'other top-level code';
    const frame = node.callFrame;
    const isModuleCode = frame.url.startsWith('node:internal/modules') || frame.url.startsWith('node:internal/main');
    const marker =
      isModuleCode && above === 'other top-level code'
        ? PHASES.find((p) => p.phase === 'module loading')
        : PHASES.find(
            (p) =>
              p.name.test(frame.functionName) &&
              frame.functionName !== '' &&
              (p.within === undefined || p.within.test(above)),
          );
    const isScriptTop = frame.functionName === '' && frame.lineNumber === 0 && frame.url.endsWith('/our-synth.js');
    const phase = special ?? (isScriptTop ? 'other top-level code' : undefined) ?? marker?.phase ?? above;
    phaseOf.set(id, phase);
    return phase;
  };
  const where = (frame: CallFrame) =>
    frame.url.endsWith('/our-synth.js')
      ? moduleAt(frame.lineNumber, frame.columnNumber)
      : `${path.basename(frame.url)}:${frame.lineNumber + 1}`;
  const key = (frame: CallFrame) => `${frame.functionName || '(anonymous)'} ${frame.url ? where(frame) : ''}`.trim();
  const phases = new Map<string, number>();
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index + 1] ?? profile.timeDeltas[index];
    total += micros;
    phases.set(classify(id), (phases.get(classify(id)) ?? 0) + micros);
    const leaf = byId.get(id)!.callFrame;
    self.set(key(leaf), (self.get(key(leaf)) ?? 0) + micros);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const isTop = frame.lineNumber === 0 || !frame.url.endsWith('/our-synth.js');
      if (!isTop && !seen.has(key(frame))) {
        seen.add(key(frame));
        inclusive.set(key(frame), (inclusive.get(key(frame)) ?? 0) + micros);
      }
    }
  });
  return { total, phases, self, inclusive };
}

function printTop(times: ReadonlyMap<string, number>, total: number, count = 15): void {
  for (const [name, micros] of [...times.entries()].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    console.log(
      `  ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${(micros / 1e6).toFixed(2).padStart(6)}s  ${name}`,
    );
  }
}

main(process.argv.slice(2));
