import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { synthesize } from '../../lib/synthesize';
import { AnyManifest, find, tempDir } from '../helpers';
import { buildBatch } from './api-fit-batch-app';

/** The objects written for an environment of `release`, through the whole synthesis, gate included. */
function manifestsOn(release: string): AnyManifest[] {
  const env = parseEnvironment('prod', { ...ENVIRONMENTS.prod, kubernetesVersion: release });
  const outdir = tempDir();
  // Throws when a check of the gate finds a problem.
  synthesize({ outdir, environments: [env], build: buildBatch, maps: false });
  const dir = path.join(outdir, 'prod');
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.k8s.yaml'))
    .flatMap((file) => parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map((doc) => doc.toJSON()));
}

describe('a batch and HA app of pod failure policies and topology spreads, without escape hatches', () => {
  it('writes the Indexed Job with per-index limits, FailIndex and pod replacement on 1.37', () => {
    const spec = find(manifestsOn('1.37'), 'Job', 'render-frames').spec;
    expect(spec).toMatchObject({ backoffLimitPerIndex: 2, maxFailedIndexes: 3, podReplacementPolicy: 'Failed' });
    expect(spec.backoffLimit).toBeUndefined();
    expect(spec.podFailurePolicy.rules.map((rule: AnyManifest) => rule.action)).toEqual([
      'Ignore',
      'FailJob',
      'FailIndex',
    ]);
  });

  it('writes neither per-index limits nor FailIndex on 1.27, and the CronJob its policy on both', () => {
    const manifests = manifestsOn('1.27');
    const spec = find(manifests, 'Job', 'render-frames').spec;
    expect([spec.backoffLimitPerIndex, spec.maxFailedIndexes, spec.podReplacementPolicy]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(spec.backoffLimit).toBe(3);
    expect(find(manifests, 'CronJob', 'nightly-report').spec.jobTemplate.spec.podFailurePolicy.rules[1]).toEqual({
      action: 'FailJob',
      onExitCodes: { operator: 'NotIn', values: [0, 1] },
    });
  });

  it('writes the spread that waits for three zones and counts each rollout on its own', () => {
    const spreads = find(manifestsOn('1.27'), 'Deployment', 'web').spec.template.spec.topologySpreadConstraints;
    expect(spreads[0]).toMatchObject({
      whenUnsatisfiable: 'DoNotSchedule',
      minDomains: 3,
      matchLabelKeys: ['pod-template-hash'],
      nodeAffinityPolicy: 'Honor',
      nodeTaintsPolicy: 'Honor',
    });
    expect(spreads[1]).toMatchObject({ topologyKey: 'kubernetes.io/hostname', nodeTaintsPolicy: 'Ignore' });
  });
});
