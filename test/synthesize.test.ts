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
import { bundleMain, copyProject, removeProjectCopy, runNode, runNodeAsync } from './project-copy';
import { plaintextFolder } from '../lib/secrets/seal-environment';

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
    const outdir = tempDir();
    synthesize({ outdir });
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
    const outdir = tempDir();
    const results = synthesize({ outdir });
    fs.renameSync(path.join(outdir, 'dev'), path.join(outdir, '.dev-old-AbC123'));
    fs.mkdirSync(path.join(outdir, '.synth-new-x-dev'));
    const repairs: string[] = [];
    expect(checkOutput(outdir, results, { transaction: { onRecover: (done) => repairs.push(...done) } })).toEqual([]);
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

describe('npm run synth (the bundle, in a copy of the project)', () => {
  let copy: string;
  let bundle: string;
  let dist: string;
  beforeAll(() => {
    copy = copyProject();
    bundle = bundleMain(copy);
    dist = path.join(copy, 'dist');
  });
  afterAll(() => removeProjectCopy(copy));
  beforeEach(() => {
    fs.rmSync(dist, { recursive: true, force: true });
    fs.cpSync(DIST, dist, { recursive: true });
  });

  const synth = (...argv: string[]) => runNode(copy, [bundle, ...argv]);
  const USAGE = 'usage: npm run synth -- [--env <name>]... [--check] [--allow-replace]';

  it.each<[string[], string]>([
    [['--chek'], 'npm run synth: unknown option --chek'],
    [['--env=staging'], 'npm run synth: --env: unknown environment "staging"; known environments: dev, prod'],
    [
      ['--env', 'constructor'],
      'npm run synth: --env: unknown environment "constructor"; known environments: dev, prod',
    ],
    [
      ['--env', '__proto__', '--check'],
      'npm run synth: --env: unknown environment "__proto__"; known environments: dev, prod',
    ],
    [['--env'], 'npm run synth: --env needs a value: --env <name> or --env=<name>'],
    [['prod'], 'npm run synth: unexpected argument "prod"; this command takes options only'],
    [['--check=false'], 'npm run synth: --check takes no value'],
  ])('%j exits 2 with the message and the usage, and writes nothing', (argv, message) => {
    fs.appendFileSync(path.join(dist, 'dev', 'web.k8s.yaml'), '# left alone\n');
    const before = readTree(dist);
    const result = synth(...argv);
    expect(result.stderr).toBe(`${message}\n${USAGE}\n`);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(2);
    expect(readTree(dist)).toEqual(before);
    expect(fs.readdirSync(dist).sort()).toEqual(['dev', 'prod']);
  });

  it('--help prints the usage and exits 0', () => {
    const result = synth('--help');
    expect(result.stdout.split('\n')[0]).toBe(USAGE);
    expect(result.status).toBe(0);
  });

  it('--env=prod and --env prod write prod only', () => {
    for (const argv of [['--env=prod'], ['--env', 'prod']]) {
      fs.appendFileSync(path.join(dist, 'dev', 'web.k8s.yaml'), '# left alone\n');
      fs.appendFileSync(path.join(dist, 'prod', 'web.k8s.yaml'), '# replaced\n');
      const result = synth(...argv);
      // Then the plan's line of prod against the previous dist/prod/ (lib/plan): prod only.
      expect(result.stdout).toMatch(
        /^synthesized prod: \d+ files, \d+ objects in dist\/prod\/\nprod: [^\n]+ \(against the previous dist\/prod\/\)\n$/,
      );
      expect(result.status).toBe(0);
      expect(readTree(path.join(dist, 'prod'))).toEqual(readTree(path.join(DIST, 'prod')));
      expect(fs.readFileSync(path.join(dist, 'dev', 'web.k8s.yaml'), 'utf8')).toMatch(/# left alone\n$/);
    }
  });

  it('exits 1 and says dist/ was left as it was when the configuration is invalid', () => {
    const store = path.join(copy, 'secrets', 'dev.sealed.json');
    const sealed = fs.readFileSync(store, 'utf8');
    fs.writeFileSync(store, '{"course-config/app-credentials": {"DB_USER": "not base64!"}}');
    const before = readTree(dist);
    const result = synth();
    fs.writeFileSync(store, sealed);
    expect(result.stderr).toMatch(/^synthesis failed, dist\/ left as it was:\n.*dev\.sealed\.json is invalid/);
    expect(result.status).toBe(1);
    expect(readTree(dist)).toEqual(before);
  });

  it('says what changed when a failure comes after dist/ was replaced', () => {
    fs.appendFileSync(path.join(dist, 'dev', 'web.k8s.yaml'), '# old\n');
    const result = runNode(copy, [bundle], { CDK8S_OUTDIR: path.join(copy, 'package.json', 'out') });
    expect(result.stderr).toContain(
      `synthesis failed, and dist/ changed:\n${path.join(dist, 'dev')}, ${path.join(dist, 'prod')} replaced with the new synthesis; then writing the copy for the cdk8s CLI into ${path.join(copy, 'package.json', 'out')} failed: ENOTDIR`,
    );
    expect(result.status).toBe(1);
    expect(readTree(dist)).toEqual(readTree(DIST));
  });

  it('--check exits 0 when dist/ is what the code synthesizes, writing nothing', () => {
    const result = synth('--check');
    expect(result.stdout).toBe('dist/ is up to date\n');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readTree(dist)).toEqual(readTree(DIST));
    expect(fs.readdirSync(dist).sort()).toEqual(['dev', 'prod']);
  });

  it('--check exits 1 listing changed files, stray folders and files at any depth', () => {
    fs.appendFileSync(path.join(dist, 'prod', 'web.k8s.yaml'), '# edited\n');
    fs.mkdirSync(path.join(dist, 'staging'));
    fs.writeFileSync(path.join(dist, 'staging', 'web.k8s.yaml'), 'kind: Stale\n');
    fs.writeFileSync(path.join(dist, 'dev', 'argocd', 'stray.yaml'), 'kind: Stale\n');
    const result = synth('--check');
    expect(result.stderr).toBe(
      [
        'dist/ differs from what the code synthesizes; run `npm run synth` and commit:',
        '  dev/argocd/stray.yaml (not written by synthesis)',
        '  prod/web.k8s.yaml (changed)',
        '  staging/ (not written by synthesis)',
        '',
      ].join('\n'),
    );
    expect(result.status).toBe(1);
  });

  it('--check --env dev leaves the other environments out', () => {
    fs.appendFileSync(path.join(dist, 'prod', 'web.k8s.yaml'), '# edited\n');
    const result = synth('--check', '--env', 'dev');
    expect(result.stdout).toBe('dist/ is up to date\n');
    expect(result.status).toBe(0);
  });

  it.each<[string, 'old' | 'new']>([
    ['staged', 'old'],
    ['journal-written', 'old'],
    ['backed-up:dev', 'old'],
    ['swapped:dev', 'old'],
    ['backed-up:prod', 'old'],
    ['committed', 'new'],
    ['backups-deleted', 'new'],
  ])('killed after %s, the next --check repairs dist/ to the %s synthesis of every environment', (step, expected) => {
    for (const env of ['dev', 'prod']) {
      fs.appendFileSync(path.join(dist, env, 'web.k8s.yaml'), '# old\n');
    }
    const old = readTree(dist);
    const killed = runNode(copy, [bundle], { K8S_COURSE_FAULT: step });
    expect(killed.signal).toBe('SIGKILL');
    const check = synth('--check');
    expect(check.stderr).toMatch(/^repaired dist\/:\n {2}/);
    expect(readTree(dist)).toEqual(expected === 'old' ? old : readTree(DIST));
    expect(fs.readdirSync(dist).sort()).toEqual(['dev', 'prod']);
    expect(check.status).toBe(expected === 'old' ? 1 : 0);
  });

  it('two runs at once never interleave, and leave dist/ whole', async () => {
    fs.appendFileSync(path.join(dist, 'dev', 'web.k8s.yaml'), '# old\n');
    const runs = await Promise.all([runNodeAsync(copy, [bundle]), runNodeAsync(copy, [bundle])]);
    for (const run of runs) {
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('synthesized prod');
    }
    expect(readTree(dist)).toEqual(readTree(DIST));
    expect(fs.readdirSync(dist).sort()).toEqual(['dev', 'prod']);
  }, 60_000);
});

describe('npm run synth with a warning (the bundle, in a copy whose course has a v1 Endpoints)', () => {
  let copy: string;
  let bundle: string;
  beforeAll(() => {
    copy = copyProject();
    const courseApp = path.join(copy, 'lib', 'course-app.ts');
    const source = fs.readFileSync(courseApp, 'utf8');
    fs.writeFileSync(
      courseApp,
      source
        .replace("import { App } from 'cdk8s';", "import { ApiObject, App } from 'cdk8s';")
        .replace(
          "new PodsChart(app, 'pods', env);",
          "new ApiObject(new PodsChart(app, 'pods', env), 'legacy', { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'legacy' } });",
        ),
    );
    bundle = bundleMain(copy);
  });
  afterAll(() => removeProjectCopy(copy));

  const WARNING = [
    'environment prod: 1 warning',
    '  api-version: Endpoints course-pods/legacy (construct pods/legacy)',
    '    apiVersion v1 of Endpoints is deprecated in Kubernetes 1.37 (kubernetesVersion of environment prod): ' +
      'deprecated since 1.33, use discovery.k8s.io/v1 EndpointSlice',
    '    fix: write apiVersion: discovery.k8s.io/v1 and kind: EndpointSlice and migrate the fields that changed ' +
      '(https://kubernetes.io/docs/reference/using-api/deprecation-guide/)',
  ].join('\n');

  it('prints the warning and still writes dist/', () => {
    const result = runNode(copy, [bundle, '--env', 'prod']);
    expect(result.stderr).toBe(`${WARNING}\n`);
    expect(result.status).toBe(0);
    expect(fs.readFileSync(path.join(copy, 'dist', 'prod', 'pods.k8s.yaml'), 'utf8')).toContain('kind: Endpoints');
  });

  it('prints it with --check too, and none for dev, whose 1.27 does not deprecate Endpoints', () => {
    expect(runNode(copy, [bundle, '--env', 'prod', '--check']).stderr).toContain(`${WARNING}\n`);
    expect(runNode(copy, [bundle, '--env', 'dev']).stderr).toBe('');
  });
});

describe('cdk8s synth (in a copy of the project)', () => {
  it('writes the same dist/ as npm run synth, and lists the same manifests', () => {
    const copy = copyProject();
    try {
      fs.appendFileSync(path.join(copy, 'dist', 'dev', 'web.k8s.yaml'), '# replaced by the synthesis\n');
      const cli = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
      const result = spawnSync(process.execPath, [cli, 'synth', '--check-upgrade=false'], {
        cwd: copy,
        encoding: 'utf8',
      });
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
