import * as kplus from 'cdk8s-plus-27';
import { Pod } from '../../lib/constructs/pod';
import { SealedSecret } from '../../lib/constructs/sealed-secret';
import { findObject, testChart } from '../helpers';

const sealedValues = { 'ns/creds': { USER: 'AgBuser==', PASSWORD: 'AgBpassword==' } };

describe('SealedSecret', () => {
  it('writes the sealed values of its namespace and name, and the Secret template', () => {
    const chart = testChart();
    new SealedSecret(chart, 'creds', { keys: ['USER', 'PASSWORD'], sealedValues });
    expect(findObject(chart, 'SealedSecret', 'creds')).toMatchObject({
      apiVersion: 'bitnami.com/v1alpha1',
      metadata: { name: 'creds', namespace: 'ns' },
      spec: {
        encryptedData: { USER: 'AgBuser==', PASSWORD: 'AgBpassword==' },
        template: { metadata: { name: 'creds', namespace: 'ns' }, type: 'Opaque' },
      },
    });
  });

  it('takes only the keys it declares', () => {
    const chart = testChart();
    new SealedSecret(chart, 'creds', { keys: ['USER'], sealedValues });
    expect(findObject(chart, 'SealedSecret', 'creds').spec.encryptedData).toEqual({ USER: 'AgBuser==' });
  });

  it('is referred to by pods like any Secret', () => {
    const chart = testChart();
    const creds = new SealedSecret(chart, 'creds', { keys: ['USER'], sealedValues });
    new Pod(chart, 'app', {
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          env: { USER: kplus.EnvValue.fromSecretValue({ secret: creds.secret, key: 'USER' }) },
        },
      ],
    });
    expect(findObject(chart, 'Pod', 'app').spec.containers[0].env[0].valueFrom).toEqual({
      secretKeyRef: { name: 'creds', key: 'USER' },
    });
  });

  it('fails when a key was never sealed, and says how to seal it', () => {
    expect(() => new SealedSecret(testChart(), 'creds', { keys: ['USER', 'TOKEN'], sealedValues })).toThrow(
      'test/creds: no sealed value for key "TOKEN" of Secret ns/creds; put the value in secrets/plain/<env>.json (git ignores the folder) or K8S_COURSE_SECRETS_<ENV>, then run `npm run seal -- --env <env>`',
    );
  });
});
