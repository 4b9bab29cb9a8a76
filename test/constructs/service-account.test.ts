import * as kplus from 'cdk8s-plus-27';
import { Deployment } from '../../lib/constructs/deployment';
import { SecretRef } from '../../lib/constructs/references';
import { ServiceAccount } from '../../lib/constructs/service-account';
import { findObject, testChart } from '../helpers';

describe('ServiceAccount', () => {
  it('names the Secrets its pods pull images with, so that no workload has to', () => {
    const chart = testChart();
    const registry = SecretRef.fromName(chart, 'registry', 'acme-registry');
    const account = new ServiceAccount(chart, 'model-server', {
      imagePullSecrets: [registry],
      labels: { team: 'ml' },
      annotations: { 'example.com/owner': 'ml-platform' },
    });
    new Deployment(chart, 'web', {
      serviceAccount: account,
      containers: [{ name: 'app', image: 'registry.acme.dev/app:1.0.0' }],
    });
    const manifest = findObject(chart, 'ServiceAccount', 'model-server');
    expect(manifest.imagePullSecrets).toEqual([{ name: 'acme-registry' }]);
    expect(manifest.automountServiceAccountToken).toBe(false);
    expect(manifest.metadata.labels).toMatchObject({ team: 'ml' });
    expect(manifest.metadata.annotations).toEqual({ 'example.com/owner': 'ml-platform' });
    expect(findObject(chart, 'Deployment', 'web').spec.template.spec.serviceAccountName).toBe('model-server');
  });

  it('is a cdk8s-plus ServiceAccount, for roles and bindings, and writes no imagePullSecrets without them', () => {
    const chart = testChart();
    const account = new ServiceAccount(chart, 'reader', { name: 'reader-account' });
    expect(account).toBeInstanceOf(kplus.ServiceAccount);
    expect(account.toSubjectConfiguration()).toMatchObject({ kind: 'ServiceAccount', name: 'reader-account' });
    expect(findObject(chart, 'ServiceAccount', 'reader-account')).not.toHaveProperty('imagePullSecrets');
  });

  it('fails for a name that is no DNS-1123 subdomain', () => {
    expect(() => new ServiceAccount(testChart(), 'a', { name: 'Model_Server' })).toThrow(
      'test/a: name must be a DNS-1123 subdomain',
    );
  });

  it('fails for an image pull Secret that is no Secret', () => {
    expect(
      () => new ServiceAccount(testChart(), 'a', { imagePullSecrets: ['acme-registry' as unknown as kplus.ISecret] }),
    ).toThrow('test/a: imagePullSecrets[0] must be an object with a name, e.g. a Secret or StorageClass.fromName(...)');
  });
});
