import { SynthesizedEnvironment } from '../synthesize';
import { Base, BaseError } from './base';
import { gitOpsFiles } from '../gitops/gitops-files';
import { EnvironmentPlan, planEnvironment, WorkingEnvironment } from './plan';

/** The working tree's environment as the plan takes it: its chart files, release and GitOps files. */
export function workingEnvironment({ env, files }: Pick<SynthesizedEnvironment, 'env' | 'files'>): WorkingEnvironment {
  return {
    name: env.name,
    release: env.kubernetesVersion,
    files,
    gitops: gitOpsFiles(
      env,
      files.map((file) => file.fileName),
    ),
  };
}

/**
 * Plans every synthesized environment against its folder in the base. An environment the base lacks, or (when
 * `everyEnvironment`, no --env given) a folder of the base that no environment writes any more, is a BaseError.
 */
export function planAgainst(
  base: Base,
  results: readonly Pick<SynthesizedEnvironment, 'env' | 'files'>[],
  everyEnvironment: boolean,
): EnvironmentPlan[] {
  const names = results.map(({ env }) => env.name);
  const others = (missing: string): string => {
    const rest = names.filter((name) => name !== missing && base.environments.includes(name));
    return rest.length === 0 ? '' : `; plan the others with ${rest.map((name) => `--env ${name}`).join(' ')}`;
  };
  for (const name of names) {
    if (!base.environments.includes(name)) {
      throw new BaseError(
        `environment ${name}: dist/${name}/ is missing at ${base.label} (it has ${base.environments.map((env) => `dist/${env}/`).join(', ')}), ` +
          `so there is nothing to compare with; commit a synthesis of it first${others(name)}`,
      );
    }
  }
  if (everyEnvironment) {
    for (const name of base.environments.filter((env) => !names.includes(env))) {
      throw new BaseError(
        `environment ${name}: ${base.label} has dist/${name}/, but lib/config/environments.ts has no environment ${name} ` +
          `(it has ${names.join(', ')}); if it was removed on purpose, delete dist/${name}/ with its objects from the ` +
          `cluster by hand${others(name)}`,
      );
    }
  }
  return results.map((result) => planEnvironment(workingEnvironment(result), base.folder(result.env.name), base.label));
}
