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
    'Null',
    'NULL',
    'YES',
    'On',
    'OFF',
    '0o17',
    '0777',
    '+1',
    '1_000',
    '1:20',
    '2001-12-14',
    '2001-12-14t21:59:43.10-05:00',
    '-.inf',
    '.NaN',
    'e0',
    'E-5',
    '=',
    '<<',
    '---',
    '...',
    '?',
    ':',
    ',',
    '|',
    '>',
    'a\rb',
    'key: value',
  ])('keeps the string %p a string, as a value and as a key, in YAML 1.1 and 1.2', (value) => {
    expect(roundTrip({ value })).toEqual([{ value }]);
    expect(roundTrip({ value }, '1.1')).toEqual([{ value }]);
    expect(roundTrip({ [value]: 1 })).toEqual([{ [value]: 1 }]);
    expect(roundTrip({ [value]: 1 }, '1.1')).toEqual([{ [value]: 1 }]);
  });

  it('quotes the words and numbers that YAML 1.1 reads as something else', () => {
    expect(toYaml([{ a: 'on', b: '0o17', c: '1_000', d: '2001-12-14', e: 'e0', '<<': '=' }])).toBe(
      'a: "on"\nb: "0o17"\nc: "1_000"\nd: "2001-12-14"\ne: "e0"\n"<<": "="\n',
    );
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
    '\n  server {\n    listen 80;\n  }\n',
    '  indented\n\n',
    '\n',
    '\n\n',
    'nel\u0085\nline',
    'emoji 😀\nline',
  ])('keeps the multi-line string %p exactly', (value) => {
    expect(roundTrip({ nested: { value } })).toEqual([{ nested: { value } }]);
  });

  it('writes numbers, booleans, null, empty maps and lists as such', () => {
    const value = { n: 3, f: 0.5, t: true, z: null, m: {}, l: [], nested: [[1, 'a']], list: ['a', 1, false] };
    expect(roundTrip(value, '1.1')).toEqual([value]);
  });

  it('writes a literal block whose first line is indented with an indentation indicator', () => {
    const conf = '\n  server {\n    listen 80;\n  }\n';
    expect(toYaml([{ conf }])).toBe('conf: |2\n\n    server {\n      listen 80;\n    }\n');
    expect(toYaml([{ list: ['  a\nb'] }])).toBe('list:\n  - |2-\n      a\n    b\n');
    expect(roundTrip({ list: ['  a\nb'] }, '1.1')).toEqual([{ list: ['  a\nb'] }]);
  });

  it('quotes a string of newlines only, which a literal block would read back empty', () => {
    expect(toYaml([{ one: '\n', two: '\n\n' }])).toBe('one: "\\n"\ntwo: "\\n\\n"\n');
    expect(roundTrip({ one: '\n', two: '\n\n' })).toEqual([{ one: '\n', two: '\n\n' }]);
  });

  it('writes an empty document as {}, which kubectl reads, not a blank one, which it skips', () => {
    expect(toYaml([{}, { a: undefined }, []])).toBe('{}\n---\n{}\n---\n[]\n');
    expect(roundTrip({})).toEqual([{}]);
  });

  it('writes a map whose values are all undefined as {}, and an undefined list item as null, as JSON does', () => {
    expect(toYaml([{ list: [{ a: undefined }, undefined], map: { b: undefined } }])).toBe(
      'list:\n  - {}\n  - null\nmap: {}\n',
    );
  });

  it('escapes the characters YAML cannot carry raw, and never writes them plain or in a block', () => {
    const value = 'a\u007fb\u0085c\u2028d\u2029e\ufefff\ufffeg\uffffh\u0080';
    expect(toYaml([{ value }])).toBe('value: "a\\x7Fb\\x85c\\u2028d\\u2029e\\uFEFFf\\uFFFEg\\uFFFFh\\x80"\n');
    expect(roundTrip({ value })).toEqual([{ value }]);
    expect(roundTrip({ value }, '1.1')).toEqual([{ value }]);
    expect(toYaml([{ [value]: 'x\u2028\ny' }])).toBe(
      '"a\\x7Fb\\x85c\\u2028d\\u2029e\\uFEFFf\\uFFFEg\\uFFFFh\\x80": "x\\u2028\\ny"\n',
    );
  });

  it('writes lists in lists as block sequences', () => {
    expect(toYaml([{ nested: [[1, 'a'], [], [{ b: 2 }]] }])).toBe('nested:\n  - - 1\n    - a\n  - []\n  - - b: 2\n');
  });

  it('writes a key longer than a reader allows an implicit key as an explicit key', () => {
    const key = 'k'.repeat(1001);
    expect(toYaml([{ [key]: 'v', list: [{ [key]: { a: 1 } }] }])).toBe(
      `? ${key}\n: v\nlist:\n  - ? ${key}\n    :\n      a: 1\n`,
    );
    expect(roundTrip({ [key]: 'v', list: [{ [key]: { a: 1 } }] })).toEqual([
      { [key]: 'v', list: [{ [key]: { a: 1 } }] },
    ]);
  });

  it.each([
    ['a value', { note: 'x\ud800y' }, '"x\\ud800y"', 'D800', 1],
    ['a key', { ['\udc00']: 1 }, '"\\udc00"', 'DC00', 0],
    ['a multi-line string', { text: 'a\nb\udbff' }, '"a\\nb\\udbff"', 'DBFF', 3],
  ])('refuses a lone surrogate in %s, which Kubernetes cannot carry', (_where, value, shown, code, index) => {
    expect(() => toYaml([value])).toThrow(
      `document 1: cannot write ${shown}: it holds a lone surrogate (U+${code}) at character ${index}, which Kubernetes ` +
        '(UTF-8 JSON) cannot carry; write a full surrogate pair or remove it',
    );
  });

  it('names the object whose string it cannot write', () => {
    const configMap = { kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { a: '\ud800' } };
    const namespace = { kind: 'Namespace', metadata: { name: 'shop' }, note: NaN };
    expect(() => toYaml([{}, configMap])).toThrow(/^ConfigMap shop\/settings: cannot write "\\ud800": it holds/);
    expect(() => toYaml([namespace])).toThrow(/^Namespace shop: cannot write the number NaN/);
  });

  it('writes a full surrogate pair as it is', () => {
    expect(toYaml([{ emoji: '😀' }])).toBe('emoji: "😀"\n');
  });

  it.each([NaN, Infinity, -Infinity])('refuses the number %p, which JSON cannot carry', (value) => {
    expect(() => toYaml([{ value }])).toThrow(
      `document 1: cannot write the number ${value}: JSON, and so Kubernetes, has no NaN or Infinity`,
    );
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
