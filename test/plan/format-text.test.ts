import { formatField, formatText, formatValue } from '../../lib/plan/format-text';
import { formatMarkdown } from '../../lib/plan/format-markdown';
import { planEnvironment } from '../../lib/plan/plan';
import { toYaml } from '../../lib/writer/yaml';
import { configMap, deployment, memoryFolder, renderedFile } from './fixtures';

describe('the text form', () => {
  it('shows values as JSON, an absent one as (none), a long one cut', () => {
    expect(formatValue(undefined)).toBe('(none)');
    expect(formatValue('2Gi')).toBe('"2Gi"');
    expect(formatValue('x'.repeat(100))).toHaveLength(80);
  });

  it('shows the first changed line of a text of several lines, and how many more changed', () => {
    expect(formatField({ path: ['data', 'settings.json'], before: 'a\nb\nc\nd', after: 'a\nB\nc\nD' })).toBe(
      'data["settings.json"] line 2: "b" → "B" (and 1 more line)',
    );
  });

  it('names a renamed ConfigMap by its name without the hash, and what it rolls', () => {
    const base = toYaml([configMap('settings-0123456789', { greeting: 'hello' }), deployment()]);
    const file = renderedFile('web.k8s.yaml', [
      configMap('settings-abcdef0123', { greeting: 'hi' }),
      deployment((d) => (d.spec.template.spec.containers[0].envFrom[0].configMapRef.name = 'settings-abcdef0123')),
    ]);
    const plan = planEnvironment(
      { name: 'dev', release: '1.27', files: [file] },
      memoryFolder({ 'web.k8s.yaml': base }),
      'main (abcdef1)',
    );
    expect(formatText([plan]).split('\n')).toEqual([
      'dev: 0 created, 2 changed, 0 deleted, 1 rolls pods, 0 refused (against main (abcdef1))',
      '  ~ change ConfigMap web/settings: new content (settings-0123456789 → -abcdef0123); rolls Deployment web/web',
      '      data.greeting: "hello" → "hi"',
      '  ~ change Deployment web/web: rolls its pods',
      '      spec.template.spec.containers[name=web].envFrom[0].configMapRef.name: "settings-0123456789" → "settings-abcdef0123"',
    ]);
    expect(formatMarkdown([plan])).toContain(
      '| ✏️ change | `ConfigMap web/settings` | new content (settings-0123456789 → -abcdef0123); rolls Deployment web/web | `data.greeting: "hello" → "hi"` |',
    );
  });
});
