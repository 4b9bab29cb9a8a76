import { Construct } from 'constructs';
import { imageVersion, podLabels, selectorLabels } from '../../lib/constructs/labels';
import { testChart } from '../helpers';

describe('labels', () => {
  it('selects by name and the chart instance', () => {
    expect(selectorLabels(new Construct(testChart(), 'x'), 'web')).toEqual({
      'app.kubernetes.io/name': 'web',
      'app.kubernetes.io/instance': 'test-dev',
    });
  });

  it('labels pods with part-of and version too', () => {
    expect(podLabels(new Construct(testChart(), 'x'), 'web', '1.2.3')).toEqual({
      'app.kubernetes.io/name': 'web',
      'app.kubernetes.io/instance': 'test-dev',
      'app.kubernetes.io/part-of': 'test',
      'app.kubernetes.io/version': '1.2.3',
    });
  });

  it.each([
    ['nginx:1.27', '1.27'],
    ['registry.example.com:5000/team/app:2.0', '2.0'],
    ['registry.example.com:5000/team/app', undefined],
    ['app@sha256:abc', undefined],
    // Tags a registry takes that are no label value: the pods then carry no version label (the gate refused them).
    ['app:1.4.0-', undefined],
    ['app:_build', undefined],
    [`app:${'1'.repeat(64)}`, undefined],
  ])('reads the version of %p', (image, version) => {
    expect(imageVersion(image)).toBe(version);
  });
});
