import * as path from 'path';
import { ENVIRONMENTS, Environment } from './config/environment';
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
  const results = (options.environments ?? Object.values(ENVIRONMENTS)).map((env) => ({ env, files: renderApp(buildCourseApp(env)) }));
  for (const { env, files } of results) {
    replaceDirectory(path.join(options.outdir, env.name), new Map(files.map((file) => [file.fileName, file.content])));
  }
  if (options.mirror !== undefined) {
    const flat = results.flatMap(({ env, files }) => files.map((file): [string, string] => [`${env.name}-${file.fileName}`, file.content]));
    replaceDirectory(options.mirror, new Map(flat));
  }
  return results;
}

/** The environments of these names, or all of them when no name is given. */
export function chooseEnvironments(names: readonly string[]): Environment[] {
  if (names.length === 0) {
    return Object.values(ENVIRONMENTS);
  }
  return names.map((name) => {
    const env = ENVIRONMENTS[name];
    if (env === undefined) {
      throw new Error(`--env: unknown environment "${name}"; known environments: ${Object.keys(ENVIRONMENTS).join(', ')}`);
    }
    return env;
  });
}
