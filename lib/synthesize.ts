import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { Finding, formatFindings, formatWarnings } from './checks/finding';
import { Exemption, runChecks } from './checks/run-checks';
import { Environment, parseEnvironment } from './config/environment';
import { ENVIRONMENTS } from './config/environments';
import { gitOpsFiles } from './gitops/gitops-files';
import { buildCourseApp } from './course-app';
import { RenderedFile, RenderedObject, renderApp } from './writer/render';
import { ROOT } from './paths';
import { projectFrames } from './cli/error-location';
import { ConstructError } from './constructs/validation';
import { readSealedStore, sealedStorePath } from './secrets/sealed-store';
import {
  OutputChangedError,
  TransactionOptions,
  isTransactionEntry,
  readConsistently,
  replaceFolders,
} from './writer/dist-transaction';
import { writeTree } from './writer/write';
import { mapFiles, mapInput } from './map/environment-map';

/** Options of `renderEnvironments`. */
export interface RenderOptions {
  /** The environments to build. @default - all of them, validated */
  readonly environments?: readonly Environment[];
  /** Builds the app of one environment. @default buildCourseApp */
  readonly build?: (env: Environment) => App;
  /** Whether `dist/<env>/` gets the environment's map (`map.svg`, lib/map/). @default true */
  readonly maps?: boolean;
}

/** Options of `synthesize`. */
export interface SynthesizeOptions extends RenderOptions {
  /** The directory that receives one folder per environment. */
  readonly outdir: string;
  /** A second directory that receives a copy of every file, flat (the cdk8s CLI's output). @default - none */
  readonly mirror?: string;
  /** How `outdir` is locked, and the test hooks of its transaction. @default - wait up to 120 s for another run */
  readonly transaction?: TransactionOptions;
  /** Looks at the results before anything is written; what it throws fails the synthesis. @default - nothing */
  readonly review?: (results: readonly SynthesizedEnvironment[]) => void;
}

/** Options of `checkOutput`. */
export interface CheckOptions {
  /** Folders of the output directory to leave out of the comparison (the environments not synthesized). @default - none */
  readonly skip?: readonly string[];
  /** How `outdir` is locked while it is read. @default - wait up to 120 s for another run */
  readonly transaction?: TransactionOptions;
}

/** What one environment synthesized to. */
export interface SynthesizedEnvironment {
  readonly env: Environment;
  readonly files: readonly RenderedFile[];
  /** Policy findings that objects are exempted from by annotation, with the reasons. */
  readonly exemptions: readonly Exemption[];
  /** What the checks warn of without failing (a deprecated apiVersion), for the synthesis to print. */
  readonly warnings: readonly Finding[];
  /** Whether its folder gets its map (`RenderOptions.maps`). */
  readonly maps: boolean;
  /** The objects of `files`, in order, as the checks read them (`CheckResult.decoded`), for the map. */
  readonly decoded?: readonly RenderedObject[];
}

/** Why a synthesis failed: for each environment, the construct error or the findings of the checks. */
export class SynthesisError extends Error {
  public constructor(public readonly reports: ReadonlyMap<string, string>) {
    super([...reports.values()].join('\n'));
    this.name = 'SynthesisError';
  }
}

/**
 * What a failed build says: a construct's refusal as it is (it names the construct and the fix); any other error (of
 * the app's code, cdk8s or another library) with where in the project's sources it was thrown, since its message
 * names neither.
 */
function buildErrorReport(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ConstructError) {
    return message;
  }
  const frames = projectFrames(error, ROOT, path.join('lib', 'synthesize.ts'));
  return frames.length === 0 ? message : `${message}\n  thrown at ${frames.join('\n  called from ')}`;
}

/**
 * Builds, renders and checks every environment in memory. When any environment fails (a construct rejects its props,
 * or a check finds a problem), throws one `SynthesisError` that reports every environment's problems together.
 */
export function renderEnvironments(options: RenderOptions = {}): SynthesizedEnvironment[] {
  const build = options.build ?? buildCourseApp;
  const results: SynthesizedEnvironment[] = [];
  const reports = new Map<string, string>();
  for (const env of options.environments ?? chooseEnvironments([])) {
    let files: RenderedFile[];
    try {
      files = renderApp(build(env));
    } catch (error) {
      reports.set(env.name, `environment ${env.name}: ${buildErrorReport(error)}`);
      continue;
    }
    const { findings, warnings, exemptions, decoded } = runChecks(
      files.flatMap((file) => file.objects),
      env,
    );
    if (findings.length > 0) {
      const report = [formatFindings(env.name, findings)];
      if (warnings.length > 0) {
        report.push(formatWarnings(env.name, warnings));
      }
      reports.set(env.name, report.join('\n'));
    }
    results.push({ env, files, exemptions, warnings, maps: options.maps ?? true, decoded });
  }
  if (reports.size > 0) {
    throw new SynthesisError(reports);
  }
  return results;
}

/**
 * Renders every chosen environment and, only when all of them passed, replaces `<outdir>/<env>/` of every one together
 * (`replaceFolders`: all new or all as they were, also after a kill). A failed synthesis throws before anything is
 * written; a failed write rolls back and throws, or throws an `OutputChangedError` that says what changed.
 */
export function synthesize(options: SynthesizeOptions): SynthesizedEnvironment[] {
  const results = renderEnvironments(options);
  options.review?.(results);
  replaceFolders(
    options.outdir,
    new Map(results.map((result) => [result.env.name, filesOf(result, options.outdir)])),
    options.transaction,
  );
  if (options.mirror !== undefined) {
    const flat = results.flatMap(({ env, files }) =>
      files.map((file): [string, string] => [`${env.name}-${file.fileName}`, file.content]),
    );
    try {
      fs.rmSync(options.mirror, { recursive: true, force: true });
      writeTree(options.mirror, new Map(flat));
    } catch (error) {
      throw new OutputChangedError(
        `${results.map(({ env }) => path.join(options.outdir, env.name)).join(', ')} replaced with the new synthesis; ` +
          `then writing the copy for the cdk8s CLI into ${options.mirror} failed: ${(error as Error).message}`,
      );
    }
  }
  return results;
}

/**
 * What in `outdir` differs from these results, under its lock and after repairing an interrupted run: each file that
 * is changed or missing, and everything a synthesis would not write (files and folders at any depth, dot files
 * included), except the folders in `skip`.
 */
export function checkOutput(
  outdir: string,
  results: readonly SynthesizedEnvironment[],
  options: CheckOptions = {},
): string[] {
  return readConsistently(outdir, () => differences(outdir, results, options.skip), options.transaction);
}

/**
 * The entries of `outdir` that differ from a synthesis, as paths under it, sorted, each marked: `(changed)`,
 * `(missing)`, or `(not written by synthesis)` for a file or a whole folder (ending in `/`) that is not expected there.
 */
export function differences(
  outdir: string,
  results: readonly SynthesizedEnvironment[],
  skip: readonly string[] = [],
): string[] {
  const expected = new Map<string, string>();
  for (const result of results) {
    const { env } = result;
    for (const [name, content] of filesOf(result, outdir)) {
      expected.set(path.join(env.name, name), content);
    }
  }
  const folders = new Set([...expected.keys()].flatMap((file) => ancestors(file)));
  const found: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of fs.readdirSync(path.join(outdir, relative), { withFileTypes: true })) {
      const name = path.join(relative, entry.name);
      if (relative === '' && (skip.includes(entry.name) || isTransactionEntry(entry.name))) {
        continue;
      }
      if (entry.isDirectory() && folders.has(name)) {
        walk(name);
      } else if (entry.isFile() && expected.has(name)) {
        if (fs.readFileSync(path.join(outdir, name), 'utf8') !== expected.get(name)) {
          found.push(`${name} (changed)`);
        }
        expected.delete(name);
      } else if (!expected.has(name)) {
        found.push(`${name}${entry.isDirectory() ? '/' : ''} (not written by synthesis)`);
      }
    }
  };
  if (fs.existsSync(outdir)) {
    walk('');
  }
  found.push(...[...expected.keys()].map((name) => `${name} (missing)`));
  return found.sort();
}

/** The folders above a relative path: `a/b/c` → `a`, `a/b`. */
function ancestors(file: string): string[] {
  const parts = file.split(path.sep).slice(0, -1);
  return parts.map((_part, index) => parts.slice(0, index + 1).join(path.sep));
}

/** The validated environments of these names, or all of them when no name is given; fails listing every problem. */
export function chooseEnvironments(names: readonly string[]): Environment[] {
  const chosen = names.length === 0 ? Object.keys(ENVIRONMENTS) : names;
  const unknown = chosen.filter((name) => !Object.hasOwn(ENVIRONMENTS, name));
  if (unknown.length > 0) {
    throw new Error(
      `--env: unknown environment "${unknown.join('", "')}"; known environments: ${Object.keys(ENVIRONMENTS).join(', ')}`,
    );
  }
  const environments: Environment[] = [];
  const errors: string[] = [];
  for (const name of chosen) {
    try {
      environments.push(parseEnvironment(name, ENVIRONMENTS[name], readSealedStore(sealedStorePath(ROOT, name))));
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  if (errors.length > 0) {
    throw new Error(errors.join('\n'));
  }
  return environments;
}

/**
 * Everything `dist/<env>/` holds: the chart files, the kustomization that lists them, the Argo CD Application, and the
 * map (whose layout is reused from `<outdir>/<env>/` when its input has not changed).
 */
function filesOf(result: SynthesizedEnvironment, outdir: string): Map<string, string> {
  const { env, files } = result;
  return new Map([
    ...files.map((file): [string, string] => [file.fileName, file.content]),
    ...gitOpsFiles(
      env,
      files.map((file) => file.fileName),
    ),
    ...(result.maps ? mapFiles(mapInput(result), path.join(outdir, env.name)) : []),
  ]);
}
