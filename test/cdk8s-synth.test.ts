import * as fs from 'fs';
import * as path from 'path';
import { readTree } from './files';
import { copyProject, removeProjectCopy, runNode } from './project-copy';

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

describe('cdk8s synth (in a copy of the project)', () => {
  it('writes the same dist/ as npm run synth, and lists the same manifests', () => {
    const copy = copyProject({ synthesized: true });
    try {
      fs.appendFileSync(path.join(copy, 'dist', 'dev', 'web.k8s.yaml'), '# replaced by the synthesis\n');
      const cli = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
      const result = runNode(copy, [cli, 'synth', '--check-upgrade=false']);
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
      const committed = readTree(DIST);
      expect(readTree(path.join(copy, 'dist'))).toEqual(committed);
      const mirrored = readTree(path.join(copy, '.cdk8s.out'));
      const manifests = Object.entries(committed).filter(([name]) => name.endsWith('.k8s.yaml'));
      expect(Object.keys(mirrored).sort()).toEqual(manifests.map(([file]) => file.replace('/', '-')).sort());
      for (const [file, content] of manifests) {
        expect(mirrored[file.replace('/', '-')]).toBe(content);
      }
    } finally {
      removeProjectCopy(copy);
    }
  }, 180_000);
});
