import * as kplus from 'cdk8s-plus-27';
import { KubeSecret } from '../../imports/k8s';
import { HASH_SUFFIX_ANNOTATION, keepName } from '../../lib/constructs/stable-name';
import { findObject, testChart } from '../helpers';

describe('keepName', () => {
  it('marks a cdk8s-plus ConfigMap, given as the construct, to keep its name', () => {
    const chart = testChart();
    keepName(new kplus.ConfigMap(chart, 'settings', { metadata: { name: 'settings' } }));
    expect(findObject(chart, 'ConfigMap', 'settings').metadata.annotations).toEqual({
      [HASH_SUFFIX_ANNOTATION]: 'false',
    });
  });

  it('marks an ApiObject given directly', () => {
    const chart = testChart();
    keepName(new KubeSecret(chart, 'creds', { metadata: { name: 'creds' } }));
    expect(findObject(chart, 'Secret', 'creds').metadata.annotations).toEqual({ [HASH_SUFFIX_ANNOTATION]: 'false' });
  });
});
