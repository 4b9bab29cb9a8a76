import * as fs from 'fs';
import * as path from 'path';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { synthesize } from '../../lib/synthesize';
import { SAAS_NAMESPACE, SAAS_TLS_SECRET, buildSaas } from '../constructs/api-fit-saas-app';
import { tempDir } from '../helpers';
import { applyKindsStrict, applyStrict, dryRunStrict, getJson, kubectlResult, serverRelease } from './kubectl';

jest.setTimeout(120_000);

/**
 * The three-tier SaaS app of test/constructs/api-fit-saas-app.ts, synthesized for both environments at the release of
 * the API server under test: each is taken by the server with strict field validation (a server-side dry run, with
 * only the namespace created), and the prod one, applied, keeps what the constructs meant (the NetworkPolicies that
 * let only web -> api -> postgres/redis talk, the Ingress's TLS, the claims, the autoscaler, the RBAC).
 */
const RELEASE = serverRelease();

/** The app's file for the environment `name`, synthesized for the server's release. */
function synthesized(name: 'dev' | 'prod'): string {
  const env = parseEnvironment(
    name,
    {
      ...ENVIRONMENTS[name],
      kubernetesVersion: RELEASE,
      external: { secrets: [`${SAAS_NAMESPACE}/${SAAS_TLS_SECRET}`] },
    },
    { [`${SAAS_NAMESPACE}/postgres-credentials`]: { password: 'AgBsealedPostgresPassword==' } },
  );
  const outdir = tempDir();
  synthesize({ outdir, environments: [env], build: buildSaas, maps: false });
  return path.join(outdir, name, 'saas.k8s.yaml');
}

const files = { dev: '', prod: '' };

beforeAll(() => {
  files.dev = synthesized('dev');
  files.prod = synthesized('prod');
});

afterAll(() => {
  kubectlResult(['delete', 'namespace', SAAS_NAMESPACE, '--ignore-not-found', '--wait=false']);
});

describe(`a three-tier SaaS app on Kubernetes ${RELEASE}`, () => {
  it.each(['dev', 'prod'] as const)('is taken in %s with strict field validation, without error or warning', (name) => {
    expect(fs.existsSync(files[name])).toBe(true);
    expect(applyKindsStrict(files[name], ['Namespace']).status).toBe(0);
    const result = dryRunStrict(files[name]);
    expect({ stderr: result.stderr, status: result.status }).toEqual({ stderr: '', status: 0 });
  });

  it('keeps, applied, the policies that let only web -> api -> postgres/redis talk', () => {
    const result = applyStrict(files.prod);
    expect({ stderr: result.stderr, status: result.status }).toEqual({ stderr: '', status: 0 });
    const from = (policy: string) =>
      getJson(['networkpolicy', policy, '-n', SAAS_NAMESPACE]).spec.ingress[0].from.map(
        (peer: { podSelector: { matchLabels: Record<string, string> } }) =>
          peer.podSelector.matchLabels['app.kubernetes.io/name'],
      );
    expect(from('api-allow-ingress')).toEqual(['web']);
    expect(from('redis-allow-ingress')).toEqual(['api', 'worker']);
    expect(from('postgres-allow-ingress')).toEqual(['postgres', 'api', 'worker', 'migrate', 'backup']);
    expect(kubectlResult(['get', 'networkpolicy', 'web-allow-ingress', '-n', SAAS_NAMESPACE]).status).not.toBe(0);
    expect(getJson(['networkpolicy', 'worker-to-internet', '-n', SAAS_NAMESPACE]).spec.egress[0].to).toEqual([
      {
        ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.169.254/32'] },
      },
    ]);
  });

  it('keeps the TLS Ingress, the claims, the autoscaler, the backup and the RBAC', () => {
    expect(getJson(['ingress', 'web', '-n', SAAS_NAMESPACE]).spec.tls).toEqual([
      { hosts: ['app.example.com'], secretName: SAAS_TLS_SECRET },
    ]);
    const postgres = getJson(['statefulset', 'postgres', '-n', SAAS_NAMESPACE]).spec;
    expect(postgres.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('20Gi');
    expect(getJson(['hpa', 'worker', '-n', SAAS_NAMESPACE]).spec.metrics[0].resource).toEqual({
      name: 'cpu',
      target: { type: 'Utilization', averageUtilization: 70 },
    });
    expect(getJson(['cronjob', 'backup', '-n', SAAS_NAMESPACE]).spec.schedule).toBe('0 3 * * *');
    const canLease = kubectlResult([
      'auth',
      'can-i',
      'update',
      'leases.coordination.k8s.io',
      '-n',
      SAAS_NAMESPACE,
      `--as=system:serviceaccount:${SAAS_NAMESPACE}:api`,
    ]);
    expect(canLease.stdout.trim()).toBe('yes');
  });
});
