import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { formatFindings } from './checks/finding';
import { Exemption, runChecks } from './checks/run-checks';
import { Environment, parseEnvironment } from './config/environment';
import { ENVIRONMENTS } from './config/environments';
import { ARGOCD_APPLICATION_FILE, argoApplicationYaml } from './gitops/argocd';
import { KUSTOMIZATION_FILE, kustomization } from './gitops/kustomization';
import { buildCourseApp } from './course-app';
import { RenderedFile, renderApp } from './writer/render';
import { ROOT } from './paths';
import { readSealedStore, sealedStorePath } from './secrets/sealed-store';
import { replaceDirectory } from './writer/write';

/** Options of `renderEnvironments`. */
export interface RenderOptions {
  /** The environments to build. @default - all of them, validated */
  readonly environments?: readonly Environment[];
  /** Builds the app of one environment. @default buildCourseApp */
  readonly build?: (env: Environment) => App;
}

/** Options of `synthesize`. */
export interface SynthesizeOptions extends RenderOptions {
  /** The directory that receives one folder per environment. */
  readonly outdir: string;
  /** A second directory that receives a copy of every file, flat (the cdk8s CLI's output). @default - none */
  readonly mirror?: string;
}

/** What one environment synthesized to. */
export interface SynthesizedEnvironment {
  readonly env: Environment;
  readonly files: readonly RenderedFile[];
  /** Policy findings that objects are exempted from by annotation, with the reasons. */
  readonly exemptions: readonly Exemption[];
}

/** Why a synthesis failed: for each environment, the construct error or the findings of the checks. */
export class SynthesisError extends Error {
  public constructor(public readonly reports: ReadonlyMap<string, string>) {
    super([...reports.values()].join('\n'));
    this.name = 'SynthesisError';
  }
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
      reports.set(env.name, `environment ${env.name}: ${(error as Error).message}`);
      continue;
    }
    const { findings, exemptions } = runChecks(
      files.flatMap((file) => file.objects),
      env.external,
    );
    if (findings.length > 0) {
      reports.set(env.name, formatFindings(env.name, findings));
    }
    results.push({ env, files, exemptions });
  }
  if (reports.size > 0) {
    throw new SynthesisError(reports);
  }
  return results;
}

/**
 * Renders every chosen environment and, only when all of them passed, replaces `<outdir>/<env>/` with the result.
 * A failure throws before anything is written.
 */
export function synthesize(options: SynthesizeOptions): SynthesizedEnvironment[] {
  const results = renderEnvironments(options);
  for (const { env, files } of results) {
    replaceDirectory(path.join(options.outdir, env.name), filesOf(env, files));
  }
  if (options.mirror !== undefined) {
    const flat = results.flatMap(({ env, files }) =>
      files.map((file): [string, string] => [`${env.name}-${file.fileName}`, file.content]),
    );
    replaceDirectory(options.mirror, new Map(flat));
  }
  return results;
}

/** The files of `<outdir>/<env>/` that differ from a synthesis (changed, missing or extra), as paths under outdir. */
export function differences(outdir: string, results: readonly SynthesizedEnvironment[]): string[] {
  const changed: string[] = [];
  for (const { env, files } of results) {
    const dir = path.join(outdir, env.name);
    const expected = filesOf(env, files);
    const present = fs.existsSync(dir) ? listFiles(dir) : [];
    for (const [name, content] of expected) {
      const file = path.join(dir, name);
      if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content) {
        changed.push(path.join(env.name, name));
      }
    }
    changed.push(...present.filter((name) => !expected.has(name)).map((name) => path.join(env.name, name)));
  }
  return changed.sort();
}

/** The files under `dir`, recursively, as paths relative to it. */
function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

/** The validated environments of these names, or all of them when no name is given; fails listing every problem. */
export function chooseEnvironments(names: readonly string[]): Environment[] {
  const chosen = names.length === 0 ? Object.keys(ENVIRONMENTS) : names;
  const unknown = chosen.filter((name) => ENVIRONMENTS[name] === undefined);
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

/** Everything `dist/<env>/` holds: the chart files, the kustomization that lists them, and the Argo CD Application. */
function filesOf(env: Environment, files: readonly RenderedFile[]): Map<string, string> {
  return new Map([
    ...files.map((file): [string, string] => [file.fileName, file.content]),
    [KUSTOMIZATION_FILE, kustomization(files.map((file) => file.fileName))],
    [ARGOCD_APPLICATION_FILE, argoApplicationYaml(env)],
  ]);
}
