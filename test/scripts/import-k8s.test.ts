import * as fs from 'fs';
import * as path from 'path';
import { fastToJsonSource } from '../../scripts/import-k8s';

const BINDINGS_JS = require.resolve('cdk8s-plus-27/lib/imports/k8s.js');

describe('npm run import', () => {
  it('has written imports/k8s-json.ts from the installed cdk8s-plus-27 (run `npm run import` if not)', () => {
    const expected = fastToJsonSource(fs.readFileSync(BINDINGS_JS, 'utf8'));
    expect(fs.readFileSync(path.join(__dirname, '..', '..', 'imports', 'k8s-json.ts'), 'utf8')).toBe(expected);
  });

  it('rewrites the undefined filters of a binding function into loops, keeping the field mapping', () => {
    const js = [
      'function toJson_Thing(obj) {',
      '    if (obj === undefined) {',
      '        return undefined;',
      '    }',
      '    const result = {',
      "        'clusterIP': obj.clusterIp,",
      "        'limits': ((obj.limits) === undefined) ? undefined : (Object.entries(obj.limits).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1]?.value }), {})),",
      "        'ports': obj.ports?.map(y => toJson_Port(y)),",
      '    };',
      '    // filter undefined values',
      '    return Object.entries(result).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {});',
      '}',
    ].join('\n');
    const ts = fastToJsonSource(js);
    expect(ts).toContain('export function toJson_Thing(obj: any): any {');
    expect(ts).toContain("'clusterIP': obj.clusterIp,");
    expect(ts).toContain(
      "'limits': ((obj.limits) === undefined) ? undefined : (mapDefined(obj.limits, (value) => value?.value)),",
    );
    expect(ts).toContain("'ports': obj.ports?.map((y: any) => toJson_Port(y)),");
    expect(ts).toContain('  return definedFields(result);');
    expect(ts).not.toContain('reduce(');
  });

  it('fails on a reduce it does not know how to rewrite, naming the function', () => {
    const js = ['function toJson_Odd(obj) {', '    return [obj].reduce((a, b) => a + b, 0);', '}'].join('\n');
    expect(() => fastToJsonSource(js)).toThrow('toJson_Odd: a reduce the generator does not know how to rewrite');
  });

  it('fails when the module holds no toJson functions', () => {
    expect(() => fastToJsonSource('exports.x = 1;')).toThrow('no toJson_* functions found in the bindings module');
  });
});
