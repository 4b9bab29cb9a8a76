import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { MAP_FILE } from '../../lib/map/environment-map';
import { synthesize } from '../../lib/synthesize';
import { DEV, tempDir } from '../helpers';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl) {
  console.warn('skipping the test that kubectl ignores dist/<env>/map.svg: kubectl is not on PATH');
}
const describeWithKubectl = hasKubectl ? describe : describe.skip;

/** kubectl without a cluster: it reads its files, then fails to reach the (absent) API server. */
function kubectl(...args: string[]) {
  return spawnSync('kubectl', args, { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/dev/null' } });
}

describeWithKubectl('the map beside the YAML', () => {
  const outdir = tempDir();
  const results = synthesize({ outdir, environments: [DEV] });
  const dir = path.join(outdir, 'dev');
  const objects = results[0].files.reduce((count, file) => count + file.objects.length, 0);

  it('is not a resource of kubectl apply -k (the Kustomization lists the chart files)', () => {
    const result = kubectl('kustomize', dir);
    expect(result.stderr).toBe('');
    expect(result.stdout.match(/^kind: /gm)).toHaveLength(objects);
  });

  it('is not read by kubectl apply -f dist/<env>/, which parses a broken .yaml but not a broken .svg', () => {
    fs.writeFileSync(path.join(dir, MAP_FILE), 'not: [valid\n');
    const withSvg = kubectl('apply', '--dry-run=client', '--validate=false', '-o', 'name', '-f', dir);
    expect(withSvg.stderr).not.toContain(MAP_FILE);
    expect(withSvg.stderr).not.toContain('error parsing');
    fs.renameSync(path.join(dir, MAP_FILE), path.join(dir, 'map.yaml'));
    const withYaml = kubectl('apply', '--dry-run=client', '--validate=false', '-o', 'name', '-f', dir);
    expect(withYaml.stderr).toContain(`error parsing ${path.join(dir, 'map.yaml')}`);
  });
});
