import { parseAllDocuments } from 'yaml';
import { renderEnvironments } from '../../lib/synthesize';
import { toYaml } from '../../lib/writer/yaml';

function roundTrip(value: object, version: '1.1' | '1.2' = '1.2'): unknown[] {
  return parseAllDocuments(toYaml([value]), { version }).map((document) => document.toJS());
}

describe('toYaml', () => {
  it('writes block mappings and sequences with two-space indents', () => {
    expect(toYaml([{ kind: 'Service', spec: { ports: [{ port: 80, name: 'http' }], selector: { app: 'web' } } }])).toBe(
      [
        'kind: Service',
        'spec:',
        '  ports:',
        '    - port: 80',
        '      name: http',
        '  selector:',
        '    app: web',
        '',
      ].join('\n'),
    );
  });

  it('separates documents with ---', () => {
    expect(toYaml([{ a: 1 }, { b: 2 }])).toBe('a: 1\n---\nb: 2\n');
  });

  it.each([
    'yes',
    'no',
    'on',
    'off',
    'y',
    'N',
    'True',
    'false',
    'null',
    '~',
    '',
    '80',
    '1.27-alpine',
    '0x1F',
    '1e3',
    '.inf',
    '- item',
    'a: b',
    'a #b',
    '#comment',
    '*alias',
    '&anchor',
    '!tag',
    '%directive',
    '@at',
    '`tick',
    '"quoted"',
    "'single'",
    '{flow}',
    '[flow]',
    'trailing ',
    ' leading',
    'tab\there',
    'ünïcödé',
    '10.0.0.0/8',
    '*/5 * * * *',
    'kubernetes.io/change-cause',
  ])('keeps the string %p a string, in YAML 1.1 and 1.2', (value) => {
    expect(roundTrip({ value })).toEqual([{ value }]);
    expect(roundTrip({ value }, '1.1')).toEqual([{ value }]);
  });

  it.each([
    'line one\nline two',
    'ends with a newline\n',
    'two newlines\n\n',
    'blank\n\nline',
    '{\n  "a": 1\n}',
    ' leading\nspace',
    'tab\n\tline',
    'cr\r\nlf',
  ])('keeps the multi-line string %p exactly', (value) => {
    expect(roundTrip({ nested: { value } })).toEqual([{ nested: { value } }]);
  });

  it('writes numbers, booleans, null, empty maps and lists as such', () => {
    const value = { n: 3, f: 0.5, t: true, z: null, m: {}, l: [], nested: [[1, 'a']], list: ['a', 1, false] };
    expect(roundTrip(value, '1.1')).toEqual([value]);
  });

  it('writes every object of every environment so that it reads back the same', () => {
    for (const { files } of renderEnvironments()) {
      for (const file of files) {
        expect(parseAllDocuments(file.content, { version: '1.1' }).map((document) => document.toJS())).toEqual(
          file.objects.map((object) => object.manifest),
        );
      }
    }
  });
});
