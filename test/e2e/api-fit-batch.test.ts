import * as fs from 'fs';
import * as path from 'path';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { synthesize } from '../../lib/synthesize';
import { buildBatch } from '../constructs/api-fit-batch-app';
import { tempDir } from '../helpers';
import { applyStrict, getJson, kubectlResult, serverRelease } from './kubectl';

jest.setTimeout(120_000);

/**
 * The batch and HA app of test/constructs/api-fit-batch-app.ts (pod failure policies, per-index limits and pod
 * replacement where the release has them, a topology spread of minDomains, matchLabelKeys and node policies),
 * synthesized for the release of the API server under test and applied to it with strict field validation: the server
 * takes every field as the constructs write it and keeps it (a field it dropped would fail the second test).
 */
const RELEASE = serverRelease();
const NAMESPACE = 'api-fit-batch';

let file: string;

beforeAll(() => {
  const env = parseEnvironment('prod', { ...ENVIRONMENTS.prod, kubernetesVersion: RELEASE });
  const outdir = tempDir();
  synthesize({ outdir, environments: [env], build: buildBatch, maps: false });
  file = path.join(outdir, 'prod', 'batch.k8s.yaml');
});

afterAll(() => {
  kubectlResult(['delete', 'namespace', NAMESPACE, '--ignore-not-found', '--wait=false']);
});

describe(`Job failure handling and topology spreads on Kubernetes ${RELEASE}`, () => {
  it('are applied with strict field validation, without error or warning', () => {
    expect(fs.existsSync(file)).toBe(true);
    const result = applyStrict(file);
    expect({ stderr: result.stderr, status: result.status }).toEqual({ stderr: '', status: 0 });
  });

  it('keep the pod failure policies, the per-index limits and the replacement policy as written', () => {
    const job = getJson(['job', 'render-frames', '-n', NAMESPACE]).spec;
    const actions = job.podFailurePolicy.rules.map((rule: { action: string }) => rule.action);
    if (RELEASE === '1.27') {
      expect(actions).toEqual(['Ignore', 'FailJob']);
      expect(job.backoffLimit).toBe(3);
    } else {
      expect(actions).toEqual(['Ignore', 'FailJob', 'FailIndex']);
      expect(job).toMatchObject({ backoffLimitPerIndex: 2, maxFailedIndexes: 3, podReplacementPolicy: 'Failed' });
      // The server's default with per-index limits: the Job fails by its indexes, not by a total.
      expect(job.backoffLimit).toBe(2147483647);
    }
    expect(job.podFailurePolicy.rules[0].onPodConditions).toEqual([{ type: 'DisruptionTarget', status: 'True' }]);
    const cron = getJson(['cronjob', 'nightly-report', '-n', NAMESPACE]).spec.jobTemplate.spec;
    // 1.27 answers containerName: null for a rule that names none.
    expect(cron.podFailurePolicy.rules[1].onExitCodes).toMatchObject({ operator: 'NotIn', values: [0, 1] });
  });

  it('keep the spread of minDomains, matchLabelKeys and node policies', () => {
    const spreads = getJson(['deployment', 'web', '-n', NAMESPACE]).spec.template.spec.topologySpreadConstraints;
    expect(spreads[0]).toMatchObject({
      minDomains: 3,
      matchLabelKeys: ['pod-template-hash'],
      nodeAffinityPolicy: 'Honor',
      nodeTaintsPolicy: 'Honor',
    });
    expect(spreads[1].nodeTaintsPolicy).toBe('Ignore');
  });
});
