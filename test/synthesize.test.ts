import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { ENVIRONMENTS } from '../lib/config/environments';
import { parseEnvironment } from '../lib/config/environment';
import { sealValue } from '../lib/secrets/seal';
import { certificatePath, readSealedStore, sealedStorePath } from '../lib/secrets/sealed-store';
import { checkOutput, chooseEnvironments, differences, synthesize } from '../lib/synthesize';
import { DEV, readTree, tempDir } from './helpers';
import { plaintextFolder } from '../lib/secrets/seal-environment';

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

/**
 * One synthesis of the course, made before the tests: those that only read what it wrote or returned read it, and
 * those that need a good output to start from get a copy of it.
 */
const course = { outdir: '', results: [] as ReturnType<typeof synthesize> };
beforeAll(() => {
  course.outdir = tempDir();
  course.results = synthesize({ outdir: course.outdir });
});

/** A new directory holding what the course's synthesis wrote. */
function copyOfCourse(): string {
  const outdir = tempDir();
  fs.cpSync(course.outdir, outdir, { recursive: true });
  return outdir;
}

describe('synthesize', () => {
  it('matches the committed dist/ byte for byte (run `npm run synth` and commit when this fails)', () => {
    expect(readTree(course.outdir)).toEqual(readTree(DIST));
  });

  it('writes the same bytes twice', () => {
    const second = tempDir();
    synthesize({ outdir: second });
    expect(readTree(second)).toEqual(readTree(course.outdir));
  });

  it('holds every kind of the course', () => {
    const kinds = new Set(
      course.results.flatMap(({ files }) =>
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
    const types = course.results
      .flatMap(({ files }) => files.flatMap((file) => file.objects))
      .filter((object) => object.manifest.kind === 'Service')
      .map((object) => (object.manifest.spec as { type: string }).type);
    expect(new Set(types)).toEqual(new Set(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']));
  });

  it('leaves the previous output untouched when a construct rejects its props', () => {
    const outdir = copyOfCourse();
    const before = readTree(outdir);
    const broken = { ...DEV, webReplicas: -1 };
    expect(() => synthesize({ outdir, environments: [broken] })).toThrow(
      'web/web: replicas must be an integer of 0 or more, got -1',
    );
    expect(readTree(outdir)).toEqual(before);
  });

  it('fails for an unknown environment and names exactly the known ones', () => {
    expect(() => chooseEnvironments(['staging'])).toThrow(
      new Error('--env: unknown environment "staging"; known environments: dev, prod'),
    );
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'takes %s, a property every object inherits, for an unknown environment',
    (name) => {
      expect(() => chooseEnvironments([name])).toThrow(
        new Error(`--env: unknown environment "${name}"; known environments: dev, prod`),
      );
    },
  );

  it('replaces every environment together: a failure while swapping the second leaves the first as it was', () => {
    const outdir = copyOfCourse();
    fs.appendFileSync(path.join(outdir, 'dev', 'web.k8s.yaml'), '# old\n');
    fs.appendFileSync(path.join(outdir, 'prod', 'web.k8s.yaml'), '# old\n');
    const before = readTree(outdir);
    const failAt = (failing: string) => ({
      afterStep: (step: string) => {
        if (step === failing) {
          throw new Error(`injected after ${step}`);
        }
      },
    });
    expect(() => synthesize({ outdir, transaction: failAt('swapped:prod') })).toThrow('injected after swapped:prod');
    expect(readTree(outdir)).toEqual(before);
    expect(fs.readdirSync(outdir).sort()).toEqual(['dev', 'prod']);
    fs.rmSync(outdir, { recursive: true });
  });
});

describe('differences', () => {
  it('lists changed, missing and extra files of dist/<env>/, at any depth', () => {
    const outdir = tempDir();
    const results = synthesize({ outdir, environments: [DEV] });
    expect(differences(outdir, results)).toEqual([]);
    fs.appendFileSync(path.join(outdir, 'dev', 'web.k8s.yaml'), '# edited by hand\n');
    fs.rmSync(path.join(outdir, 'dev', 'pods.k8s.yaml'));
    fs.writeFileSync(path.join(outdir, 'dev', 'stale.k8s.yaml'), 'kind: Stale\n');
    fs.writeFileSync(path.join(outdir, 'dev', 'argocd', 'old.yaml'), 'kind: Stale\n');
    expect(differences(outdir, results)).toEqual([
      'dev/argocd/old.yaml (not written by synthesis)',
      'dev/pods.k8s.yaml (missing)',
      'dev/stale.k8s.yaml (not written by synthesis)',
      'dev/web.k8s.yaml (changed)',
    ]);
    fs.rmSync(outdir, { recursive: true });
  });

  it('lists folders and hidden files that synthesis would not write, and leaves out the folders it is told to', () => {
    const outdir = tempDir();
    const results = synthesize({ outdir, environments: [DEV] });
    fs.mkdirSync(path.join(outdir, 'staging', 'deep'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'staging', 'deep', 'web.k8s.yaml'), 'kind: Stale\n');
    fs.mkdirSync(path.join(outdir, '.dev-new-AbC123'));
    fs.mkdirSync(path.join(outdir, 'dev', 'empty'));
    fs.writeFileSync(path.join(outdir, '.notes'), '');
    fs.mkdirSync(path.join(outdir, 'prod'));
    expect(differences(outdir, results, ['prod'])).toEqual([
      '.dev-new-AbC123/ (not written by synthesis)',
      '.notes (not written by synthesis)',
      'dev/empty/ (not written by synthesis)',
      'staging/ (not written by synthesis)',
    ]);
    fs.rmSync(outdir, { recursive: true });
  });
});

describe('checkOutput', () => {
  it('repairs an interrupted run before it compares, so it reads every environment whole', () => {
    const outdir = copyOfCourse();
    fs.renameSync(path.join(outdir, 'dev'), path.join(outdir, '.dev-old-AbC123'));
    fs.mkdirSync(path.join(outdir, '.synth-new-x-dev'));
    const repairs: string[] = [];
    expect(
      checkOutput(outdir, course.results, { transaction: { onRecover: (done) => repairs.push(...done) } }),
    ).toEqual([]);
    expect(repairs).toEqual([
      'restored dev from .dev-old-AbC123, left by an interrupted synthesis',
      'removed .synth-new-x-dev, left by an interrupted synthesis',
    ]);
    fs.rmSync(outdir, { recursive: true });
  });
});

describe('checkOutput of a missing directory', () => {
  it('lists every file as missing and creates nothing', () => {
    const outdir = path.join(tempDir(), 'dist');
    const results = synthesize({ outdir: tempDir(), environments: [DEV] });
    expect(checkOutput(outdir, results)).toContain('dev/web.k8s.yaml (missing)');
    expect(fs.existsSync(outdir)).toBe(false);
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

  it('hold none of the secret values kept outside git, when this clone has some (secrets/plain/)', () => {
    const folder = plaintextFolder(ROOT);
    const plaintexts = (fs.existsSync(folder) ? fs.readdirSync(folder) : [])
      .filter((file) => file.endsWith('.json'))
      .flatMap((file) =>
        Object.values<Record<string, string>>(JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8'))).flatMap(
          Object.values,
        ),
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

describe('secret values', () => {
  it.each(Object.keys(ENVIRONMENTS))(
    'of %s reach synthesis only sealed: no file it writes holds a plaintext, nor its base64',
    (name) => {
      const cert = fs.readFileSync(certificatePath(ROOT, name), 'utf8');
      const plaintexts: string[] = [];
      const sealed: string[] = [];
      const store = Object.fromEntries(
        Object.entries(readSealedStore(sealedStorePath(ROOT, name))).map(([secret, keys]) => {
          const [namespace, secretName] = secret.split('/');
          return [
            secret,
            Object.fromEntries(
              Object.keys(keys).map((key) => {
                const plaintext = `fixture-${key}-${crypto.randomBytes(12).toString('hex')}`;
                plaintexts.push(plaintext);
                sealed.push(sealValue(cert, namespace, secretName, Buffer.from(plaintext, 'utf8')));
                return [key, sealed[sealed.length - 1]];
              }),
            ),
          ];
        }),
      );
      expect(plaintexts.length).toBeGreaterThan(0);
      const outdir = tempDir();
      synthesize({ outdir, environments: [parseEnvironment(name, ENVIRONMENTS[name], store)] });
      const written = Object.values(readTree(outdir)).join('\n');
      fs.rmSync(outdir, { recursive: true });
      for (const value of sealed) {
        expect(written).toContain(value);
      }
      for (const plaintext of plaintexts) {
        expect(written).not.toContain(plaintext);
        expect(written).not.toContain(Buffer.from(plaintext).toString('base64'));
      }
    },
  );
});
