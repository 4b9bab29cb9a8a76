import * as path from 'path';
import { Environment, parseEnvironment } from './config/environment';
import { ENVIRONMENTS } from './config/environments';
import { buildCourseApp } from './course-app';
import { RenderedFile, renderApp } from './writer/render';
import { replaceDirectory } from './writer/write';

/** Options of `synthesize`. */
export interface SynthesizeOptions {
  /** The directory that receives one folder per environment. */
  readonly outdir: string;
  /** The environments to build. @default - all of them */
  readonly environments?: readonly Environment[];
  /** A second directory that receives a copy of every file, flat (the cdk8s CLI's output). @default - none */
  readonly mirror?: string;
}

/** What one environment synthesized to. */
export interface SynthesizedEnvironment {
  readonly env: Environment;
  readonly files: readonly RenderedFile[];
}

/**
 * Builds and renders every chosen environment, and only when all of them succeeded replaces `<outdir>/<env>/`
 * with the result. A failure throws before anything is written.
 */
export function synthesize(options: SynthesizeOptions): SynthesizedEnvironment[] {
  const results = (options.environments ?? chooseEnvironments([])).map((env) => ({ env, files: renderApp(buildCourseApp(env)) }));
  for (const { env, files } of results) {
    replaceDirectory(path.join(options.outdir, env.name), new Map(files.map((file) => [file.fileName, file.content])));
  }
  if (options.mirror !== undefined) {
    const flat = results.flatMap(({ env, files }) => files.map((file): [string, string] => [`${env.name}-${file.fileName}`, file.content]));
    replaceDirectory(options.mirror, new Map(flat));
  }
  return results;
}

/** The validated environments of these names, or all of them when no name is given; fails listing every problem. */
export function chooseEnvironments(names: readonly string[]): Environment[] {
  const chosen = names.length === 0 ? Object.keys(ENVIRONMENTS) : names;
  const unknown = chosen.filter((name) => ENVIRONMENTS[name] === undefined);
  if (unknown.length > 0) {
    throw new Error(`--env: unknown environment "${unknown.join('", "')}"; known environments: ${Object.keys(ENVIRONMENTS).join(', ')}`);
  }
  const environments: Environment[] = [];
  const errors: string[] = [];
  for (const name of chosen) {
    try {
      environments.push(parseEnvironment(name, ENVIRONMENTS[name]));
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  if (errors.length > 0) {
    throw new Error(errors.join('\n'));
  }
  return environments;
}
