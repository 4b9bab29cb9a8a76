import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { chooseEnvironments, differences, synthesize } from '../lib/synthesize';
import { DEV, readTree, tempDir } from './helpers';

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

describe('synthesize', () => {
  it('matches the committed dist/ byte for byte (run `npm run synth` and commit when this fails)', () => {
    const outdir = tempDir();
    synthesize({ outdir });
    expect(readTree(outdir)).toEqual(readTree(DIST));
  });

  it('writes the same bytes twice', () => {
    const first = tempDir();
    const second = tempDir();
    synthesize({ outdir: first });
    synthesize({ outdir: second });
    expect(readTree(second)).toEqual(readTree(first));
  });

  it('holds every kind of the course', () => {
    const kinds = new Set(
      synthesize({ outdir: tempDir() }).flatMap(({ files }) =>
        files.flatMap((file) => file.objects.map((object) => object.manifest.kind)),
      ),
    );
    for (const kind of [
      'Namespace',
      'Pod',
      'ReplicaSet',
      'Deployment',
      'Service',
      'Ingress',
      'ConfigMap',
      'PersistentVolume',
      'PersistentVolumeClaim',
      'StorageClass',
      'StatefulSet',
      'Job',
      'CronJob',
      'Secret',
      'Role',
      'RoleBinding',
      'ClusterRole',
      'ClusterRoleBinding',
      'ServiceAccount',
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  it('writes the four Service types', () => {
    const types = synthesize({ outdir: tempDir() })
      .flatMap(({ files }) => files.flatMap((file) => file.objects))
      .filter((object) => object.manifest.kind === 'Service')
      .map((object) => (object.manifest.spec as { type: string }).type);
    expect(new Set(types)).toEqual(new Set(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']));
  });

  it('leaves the previous output untouched when a construct rejects its props', () => {
    const outdir = tempDir();
    synthesize({ outdir });
    const before = readTree(outdir);
    const broken = { ...DEV, webReplicas: -1 };
    expect(() => synthesize({ outdir, environments: [broken] })).toThrow(
      'web/web/Deployment: replicas must be an integer of 0 or more, got -1',
    );
    expect(readTree(outdir)).toEqual(before);
  });

  it('fails for an unknown environment and names the known ones', () => {
    expect(() => chooseEnvironments(['staging'])).toThrow(
      '--env: unknown environment "staging"; known environments: dev',
    );
  });
});

describe('npm run synth', () => {
  it('exits 1 with the error and leaves dist/ as it was', () => {
    const before = readTree(DIST);
    const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'main.ts', '--env', 'staging'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('synthesis failed, dist/ left as it was:\n--env: unknown environment "staging"');
    expect(readTree(DIST)).toEqual(before);
  });
});

describe('cdk8s synth', () => {
  it('writes the same dist/ as npm run synth, and lists the same manifests', () => {
    const before = readTree(DIST);
    const cli = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
    const result = spawnSync(process.execPath, [cli, 'synth', '--check-upgrade=false'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(readTree(DIST)).toEqual(before);
    const mirrored = readTree(path.join(ROOT, '.cdk8s.out'));
    for (const [file, content] of Object.entries(before).filter(([name]) => name.endsWith('.k8s.yaml'))) {
      expect(mirrored[file.replace('/', '-')]).toBe(content);
    }
  }, 60_000);
});

describe('differences', () => {
  it('lists changed, missing and extra files of dist/<env>/', () => {
    const outdir = tempDir();
    const results = synthesize({ outdir, environments: [DEV] });
    expect(differences(outdir, results)).toEqual([]);
    fs.appendFileSync(path.join(outdir, 'dev', 'web.k8s.yaml'), '# edited by hand\n');
    fs.rmSync(path.join(outdir, 'dev', 'pods.k8s.yaml'));
    fs.writeFileSync(path.join(outdir, 'dev', 'stale.k8s.yaml'), 'kind: Stale\n');
    expect(differences(outdir, results)).toEqual(['dev/pods.k8s.yaml', 'dev/stale.k8s.yaml', 'dev/web.k8s.yaml']);
  });
});

describe('npm run synth -- --check', () => {
  it('exits 0 when the committed dist/ is what the code synthesizes, writing nothing', () => {
    const before = readTree(DIST);
    const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'main.ts', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.stdout).toBe('dist/ is up to date\n');
    expect(result.status).toBe(0);
    expect(readTree(DIST)).toEqual(before);
  });
});

describe('the committed files', () => {
  const committed = spawnSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
    .stdout.split('\n')
    .filter((file) => file !== '');

  it('hold no Secret with a value in dist/', () => {
    const values = committed
      .filter((file) => file.startsWith('dist/') && file.endsWith('.yaml'))
      .flatMap((file) =>
        parseAllDocuments(fs.readFileSync(path.join(ROOT, file), 'utf8')).map((document) => ({
          file,
          object: document.toJS(),
        })),
      )
      .filter(({ object }) => object?.kind === 'Secret')
      .flatMap(({ file, object }) =>
        ['data', 'stringData'].flatMap((field) =>
          Object.entries(object[field] ?? {})
            .filter(([, value]) => value !== '')
            .map(([key]) => `${file}: ${object.metadata.name}.${field}.${key}`),
        ),
      );
    expect(values).toEqual([]);
  });

  it('hold none of the secret values kept outside git', () => {
    const plaintexts = fs
      .readdirSync(path.join(ROOT, 'secrets'))
      .filter((file) => file.endsWith('.values.json'))
      .flatMap((file) =>
        Object.values<Record<string, string>>(
          JSON.parse(fs.readFileSync(path.join(ROOT, 'secrets', file), 'utf8')),
        ).flatMap(Object.values),
      )
      .filter((value) => value.length >= 8);
    const leaks = committed.filter(
      (file) =>
        fs.existsSync(path.join(ROOT, file)) &&
        plaintexts.some((value) => fs.readFileSync(path.join(ROOT, file), 'utf8').includes(value)),
    );
    expect(leaks).toEqual([]);
  });
});
