// `npm run synth`'s command line, --check and its messages, run from the bundle in a copy of the project; what a
// killed or concurrent run leaves is in synth-interrupted.test.ts, the cdk8s CLI in cdk8s-synth.test.ts.
import * as fs from 'fs';
import * as path from 'path';
import { readTree } from './files';
import { bundleMain, copyProject, removeProjectCopy, runNode, useSynthesisCopy } from './project-copy';
import { bundleArgs } from './script-bundle';

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

describe('npm run synth (the bundle, in a copy of the project)', () => {
  const project = useSynthesisCopy();
  const synth = project.synth;
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
    fs.appendFileSync(path.join(project.dist, 'dev', 'web.k8s.yaml'), '# left alone\n');
    const before = readTree(project.dist);
    const result = synth(...argv);
    expect(result.stderr).toBe(`${message}\n${USAGE}\n`);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(2);
    expect(readTree(project.dist)).toEqual(before);
    expect(fs.readdirSync(project.dist).sort()).toEqual(['dev', 'prod']);
  });

  it('--help prints the usage and exits 0', () => {
    const result = synth('--help');
    expect(result.stdout.split('\n')[0]).toBe(USAGE);
    expect(result.status).toBe(0);
  });

  it('--env=prod and --env prod write prod only', () => {
    for (const argv of [['--env=prod'], ['--env', 'prod']]) {
      fs.appendFileSync(path.join(project.dist, 'dev', 'web.k8s.yaml'), '# left alone\n');
      fs.appendFileSync(path.join(project.dist, 'prod', 'web.k8s.yaml'), '# replaced\n');
      const result = synth(...argv);
      // Then the plan's line of prod against the previous dist/prod/ (lib/plan): prod only.
      expect(result.stdout).toMatch(
        /^synthesized prod: \d+ files, \d+ objects in dist\/prod\/\nprod: [^\n]+ \(against the previous dist\/prod\/\)\n$/,
      );
      expect(result.status).toBe(0);
      expect(readTree(path.join(project.dist, 'prod'))).toEqual(readTree(path.join(DIST, 'prod')));
      expect(fs.readFileSync(path.join(project.dist, 'dev', 'web.k8s.yaml'), 'utf8')).toMatch(/# left alone\n$/);
    }
  });

  it('exits 1 and says dist/ was left as it was when the configuration is invalid', () => {
    const store = path.join(project.copy, 'secrets', 'dev.sealed.json');
    const sealed = fs.readFileSync(store, 'utf8');
    fs.writeFileSync(store, '{"course-config/app-credentials": {"DB_USER": "not base64!"}}');
    const before = readTree(project.dist);
    const result = synth();
    fs.writeFileSync(store, sealed);
    expect(result.stderr).toMatch(/^synthesis failed, dist\/ left as it was:\n.*dev\.sealed\.json is invalid/);
    expect(result.status).toBe(1);
    expect(readTree(project.dist)).toEqual(before);
  });

  it('says what changed when a failure comes after dist/ was replaced', () => {
    fs.appendFileSync(path.join(project.dist, 'dev', 'web.k8s.yaml'), '# old\n');
    const result = runNode(project.copy, bundleArgs(project.bundle), {
      CDK8S_OUTDIR: path.join(project.copy, 'package.json', 'out'),
    });
    expect(result.stderr).toContain(
      `synthesis failed, and dist/ changed:\n${path.join(project.dist, 'dev')}, ${path.join(project.dist, 'prod')} replaced with the new synthesis; then writing the copy for the cdk8s CLI into ${path.join(project.copy, 'package.json', 'out')} failed: ENOTDIR`,
    );
    expect(result.status).toBe(1);
    expect(readTree(project.dist)).toEqual(readTree(DIST));
  });

  it('--check exits 0 when dist/ is what the code synthesizes, writing nothing', () => {
    const result = synth('--check');
    expect(result.stdout).toBe('dist/ is up to date\n');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readTree(project.dist)).toEqual(readTree(DIST));
    expect(fs.readdirSync(project.dist).sort()).toEqual(['dev', 'prod']);
  });

  it('--check exits 1 listing changed files, stray folders and files at any depth', () => {
    fs.appendFileSync(path.join(project.dist, 'prod', 'web.k8s.yaml'), '# edited\n');
    fs.mkdirSync(path.join(project.dist, 'staging'));
    fs.writeFileSync(path.join(project.dist, 'staging', 'web.k8s.yaml'), 'kind: Stale\n');
    fs.writeFileSync(path.join(project.dist, 'dev', 'argocd', 'stray.yaml'), 'kind: Stale\n');
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
    fs.appendFileSync(path.join(project.dist, 'prod', 'web.k8s.yaml'), '# edited\n');
    const result = synth('--check', '--env', 'dev');
    expect(result.stdout).toBe('dist/ is up to date\n');
    expect(result.status).toBe(0);
  });
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
    const result = runNode(copy, bundleArgs(bundle, '--env', 'prod'));
    expect(result.stderr).toBe(`${WARNING}\n`);
    expect(result.status).toBe(0);
    expect(fs.readFileSync(path.join(copy, 'dist', 'prod', 'pods.k8s.yaml'), 'utf8')).toContain('kind: Endpoints');
  });

  it('prints it with --check too, and none for dev, whose 1.27 does not deprecate Endpoints', () => {
    expect(runNode(copy, bundleArgs(bundle, '--env', 'prod', '--check')).stderr).toContain(`${WARNING}\n`);
    expect(runNode(copy, bundleArgs(bundle, '--env', 'dev')).stderr).toBe('');
  });
});
