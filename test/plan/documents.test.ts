import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { DIST } from '../../lib/paths';
import { parseChartFile } from '../../lib/plan/documents';
import { toYaml } from '../../lib/writer/yaml';

const fail = (message: string) => new Error(message);

describe('parseChartFile', () => {
  it('reads every committed chart file as the yaml package does', () => {
    const files = fs
      .readdirSync(DIST, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.k8s.yaml'))
      .map((entry) => path.join(entry.parentPath, entry.name));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      expect(parseChartFile(text, file, fail)).toEqual(parseAllDocuments(text).map((document) => document.toJS()));
    }
  });

  it('reads back what the writer writes, strings that look like other types included', () => {
    const tricky = [
      'yes',
      'no',
      'on',
      'off',
      'y',
      '~',
      'null',
      '0x1F',
      '0o17',
      '017',
      '1e3',
      '.inf',
      '2024-01-01',
      '12:30',
      'a: b',
      '- x',
      '#',
      'line\nbreak\n',
      ' lead',
      'tail ',
      '',
    ];
    const manifest = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'tricky', labels: { 'app.kubernetes.io/name': 'x' } },
      data: Object.fromEntries(tricky.map((value, index) => [`k${index}`, value])),
      numbers: [0, 1.5, -2, 1e21],
      flags: [true, false, null],
    };
    expect(parseChartFile(toYaml([manifest, manifest]), 'tricky.k8s.yaml', fail)).toEqual([manifest, manifest]);
  });

  it('names the file and the parser words for YAML that does not parse, and refuses what is not an object', () => {
    expect(() => parseChartFile('kind: A\nmetadata: {name: x\n', 'web.k8s.yaml', fail)).toThrow(
      /^web\.k8s\.yaml does not parse as YAML: .+\(\d+:\d+\)$/,
    );
    expect(() => parseChartFile('kind: A\n---\n- 1\n', 'web.k8s.yaml', fail)).toThrow(
      'web.k8s.yaml: document 1 is not a Kubernetes object (it needs kind and metadata.name)',
    );
  });
});
