import * as crypto from 'crypto';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { MessageChannel, Worker, receiveMessageOnPort } from 'worker_threads';
import { ROOT } from '../paths';

/** The Graphviz build that lays the maps out: part of every layout's hash, so another version lays out again. */
const VIZ_PACKAGE = '@viz-js/viz';

/** Where laid-out maps are kept by the hash of their input (ignored by git). */
export const LAYOUT_CACHE = path.join(ROOT, '.build', 'map');

/** The first line of a map after the XML declaration: the hashes that let a later run reuse it. */
const STAMP = /^<!-- k8s-course map: input sha256 ([0-9a-f]{64}), svg sha256 ([0-9a-f]{64}) -->$/;

/** How long a layout may take before the synthesis gives up on it. */
const LAYOUT_TIMEOUT_MS = 120_000;

// The worker loads @viz-js/viz (Graphviz in WebAssembly, whose instance() is asynchronous) once, lays out the inputs of
// each job it is sent and posts the results on the job's port; the synthesis, which is synchronous, waits for it with
// Atomics.wait. The package is required from the project's node_modules at run time, so that the bundle of
// `npm run synth` does not carry 1.2 MB of WebAssembly.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const ready = require(workerData.viz).instance();
parentPort.on('message', ({ inputs, port, flag }) => {
  const done = (message) => {
    port.postMessage(message);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  ready.then(
    (viz) => done({ results: inputs.map((input) => {
      const started = process.hrtime.bigint();
      const result = viz.render(input, { format: 'svg', engine: 'dot' });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      return result.status === 'success'
        ? { svg: result.output, seconds }
        : { error: result.errors.map((error) => error.message).join('; '), seconds };
    }) }),
    (error) => done({ error: String((error && error.stack) || error) }),
  );
});
`;

/** The worker of this process, started with its first layout and kept for the next (it does not keep Node alive). */
let worker: Worker | undefined;

/** The version of the layout engine, from its package.json. */
function vizVersion(): string {
  const manifest = path.join(path.dirname(vizEntry()), '..', 'package.json');
  return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
}

function vizEntry(): string {
  return createRequire(path.join(ROOT, 'package.json')).resolve(VIZ_PACKAGE);
}

let version: string | undefined;

/** The hash a layout of this DOT text is kept and found by: the text and the version of Graphviz. */
export function inputHash(dot: string): string {
  version ??= vizVersion();
  return sha256(`${VIZ_PACKAGE}@${version}\n${dot}`);
}

function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

/** Graphviz's SVG with the stamp that names its input's hash and its own, after the XML declaration. */
function stamp(svg: string, input: string): string {
  const body = svg.replace(/^<\?xml[^\n]*\n/, '');
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- k8s-course map: input sha256 ${input}, svg sha256 ${sha256(body)} -->\n${body}`;
}

/**
 * The map in `text` when it is the untouched layout of the input with this hash: its stamp names the hash, and the
 * hash of the rest is the one the stamp gives (a map edited by hand is not reused, so `--check` reports it).
 */
export function reusableMap(text: string, input: string): boolean {
  const lines = text.split('\n');
  const match = STAMP.exec(lines[1] ?? '');
  return match !== null && match[1] === input && sha256(lines.slice(2).join('\n')) === match[2];
}

/** What one layout cost, for the bench. */
export interface LayoutTiming {
  /** The input's hash. */
  readonly input: string;
  /** Seconds Graphviz took; 0 when the layout was reused. */
  readonly seconds: number;
}

/** Where else a laid-out map of an input may be: files a synthesis wrote before (the committed `dist/<env>/map.svg`). */
export interface LayoutOptions {
  /** Files that may hold a reusable layout of the input at this position, tried after the cache. @default - none */
  readonly candidates?: (position: number) => readonly string[];
  /** Receives each layout's timing. @default - nothing */
  readonly onLayout?: (timing: LayoutTiming) => void;
  /** Whether layouts are reused and kept (false lays every input out: the bench times it so). @default true */
  readonly reuse?: boolean;
}

/**
 * Lays out each DOT text into a stamped SVG, synchronously. A layout already in the cache (`.build/map/<hash>.svg`)
 * or in one of the candidate files is reused, so an unchanged map costs a hash; the others are laid out together in one
 * worker thread and kept in the cache.
 */
export function layoutAll(dots: readonly string[], options: LayoutOptions = {}): string[] {
  const inputs = dots.map(inputHash);
  const cached = options.reuse ?? true;
  const results: (string | undefined)[] = inputs.map((input, position) =>
    cached ? reuse(input, options.candidates?.(position) ?? []) : undefined,
  );
  const missing = results.flatMap((result, position) => (result === undefined ? [position] : []));
  if (missing.length > 0) {
    const laidOut = runWorker(missing.map((position) => dots[position]));
    missing.forEach((position, offset) => {
      const { svg, seconds } = laidOut[offset];
      const stamped = stamp(svg, inputs[position]);
      results[position] = stamped;
      if (cached) {
        keep(inputs[position], stamped);
      }
      options.onLayout?.({ input: inputs[position], seconds });
    });
  }
  return results as string[];
}

function reuse(input: string, candidates: readonly string[]): string | undefined {
  for (const file of [path.join(LAYOUT_CACHE, `${input}.svg`), ...candidates]) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue; // not there: the next place, or a layout
    }
    if (reusableMap(text, input)) {
      return text;
    }
  }
  return undefined;
}

/** Keeps a layout in the cache; a cache that cannot be written costs the next run a layout, nothing more. */
function keep(input: string, svg: string): void {
  try {
    fs.mkdirSync(LAYOUT_CACHE, { recursive: true });
    const temporary = path.join(LAYOUT_CACHE, `.${input}.${process.pid}.tmp`);
    fs.writeFileSync(temporary, svg);
    fs.renameSync(temporary, path.join(LAYOUT_CACHE, `${input}.svg`));
  } catch {
    // The map is still written where it belongs; only the cache is missing.
  }
}

type WorkerAnswer =
  | { readonly results: readonly ({ svg: string; seconds: number } | { error: string; seconds: number })[] }
  | { readonly error: string };

/** Lays out the inputs in the worker thread and waits for it. */
function runWorker(dots: readonly string[]): { svg: string; seconds: number }[] {
  if (worker === undefined) {
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { viz: vizEntry() } });
    worker.unref();
  }
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  worker.postMessage({ inputs: dots, port: port2, flag }, [port2]);
  try {
    if (Atomics.wait(flag, 0, 0, LAYOUT_TIMEOUT_MS) === 'timed-out') {
      throw new Error(`the map's layout (Graphviz) took more than ${LAYOUT_TIMEOUT_MS / 1000} s`);
    }
    const answer = receiveMessageOnPort(port1)?.message as WorkerAnswer | undefined;
    if (answer === undefined || !('results' in answer)) {
      throw new Error(`the map's layout (Graphviz) failed: ${answer?.error ?? 'no answer'}`);
    }
    return answer.results.map((result) => {
      if ('error' in result) {
        throw new Error(`the map's layout (Graphviz) failed: ${result.error}`);
      }
      return result;
    });
  } catch (error) {
    // A worker that failed or hangs is not asked again.
    void worker.terminate();
    worker = undefined;
    throw error;
  } finally {
    port1.close();
  }
}
