import { runChecks } from '../../lib/checks/run-checks';
import { baseline, findings, withChange, TEST_ENV } from './fixtures';

const CANNOT_CARRY = 'which Kubernetes (UTF-8 JSON) cannot carry';

describe('lone-surrogate', () => {
  it('fires on a string value with a lone high surrogate, naming its field path, code and position', () => {
    const objects = withChange('ConfigMap', 'settings', (configMap) => {
      configMap.metadata.annotations = { note: 'twelve chars\ud800 and more' };
    });
    expect(findings(objects)).toEqual([
      `lone-surrogate: metadata.annotations.note holds a lone surrogate (U+D800) at character 12, ${CANNOT_CARRY}`,
    ]);
  });

  it('fires on a lone low surrogate in a list, deep in a pod template', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.containers[0].args = ['--ok', 'x\udc00'];
    });
    expect(findings(objects)).toEqual([
      `lone-surrogate: spec.template.spec.containers[0].args[1] holds a lone surrogate (U+DC00) at character 1, ${CANNOT_CARRY}`,
    ]);
  });

  it('fires on a key, and quotes keys that are not identifiers in the path', () => {
    const objects = withChange('ConfigMap', 'settings', (configMap) => {
      configMap.data = { ...configMap.data, 'a\udbffb': 'x', 'app.conf': 'y\ud83d' };
    });
    expect(findings(objects).filter((finding) => finding.startsWith('lone-surrogate'))).toEqual([
      `lone-surrogate: the key "a\\udbffb" of data holds a lone surrogate (U+DBFF) at character 1, ${CANNOT_CARRY}`,
      `lone-surrogate: data["app.conf"] holds a lone surrogate (U+D83D) at character 1, ${CANNOT_CARRY}`,
    ]);
  });

  it('tells how to fix it', () => {
    const objects = withChange('ConfigMap', 'settings', (configMap) => {
      configMap.data.MODE = '\udfff';
    });
    const [finding] = runChecks(objects, TEST_ENV).findings.filter((found) => found.rule === 'lone-surrogate');
    expect(finding.fix).toBe('write the character as a full surrogate pair or remove it');
    expect(finding.object.manifest.metadata.name).toBe('settings');
  });

  it('passes full surrogate pairs, in keys and values, and the baseline', () => {
    const objects = withChange('ConfigMap', 'settings', (configMap) => {
      configMap.data = { ...configMap.data, emoji: '😀 and 𝄞', pair: '\ud83d\ude00' };
    });
    expect(findings(objects)).toEqual([]);
    expect(findings(baseline())).toEqual([]);
  });
});
