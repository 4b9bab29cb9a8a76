import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { synthesize } from '../../lib/synthesize';
import {
  DIST,
  KUBECONFIG,
  KUBECTL,
  ROOT,
  VERSION,
  applyStrict,
  getJson,
  kubectl,
  kubectlLines,
  kubectlResult,
  runScript,
  testsEnvironment,
  waitFor,
} from './kubectl';
import { DEV } from '../helpers';
import { unseal } from '../secrets/unseal';

jest.setTimeout(180_000);

const PROD = path.join(DIST, '..', 'prod');
const CHARTS = fs.readdirSync(DIST).filter((file) => file.endsWith('.k8s.yaml'));
const NAMESPACES = [
  'course-pods',
  'course-web',
  'course-config',
  'course-storage',
  'course-db',
  'course-batch',
  'course-rbac',
  'kubernetes-dashboard',
  'course-wordpress',
];

function podsRunning(namespace: string, selector: string, count: number): boolean {
  const pods = getJson(['pods', '-n', namespace, '-l', selector]).items;
  return pods.filter((pod: { status: { phase: string } }) => pod.status.phase === 'Running').length >= count;
}

function canI(verb: string, resource: string, namespace: string): string {
  const result = kubectlResult([
    'auth',
    'can-i',
    verb,
    resource,
    '-n',
    namespace,
    '--as=system:serviceaccount:course-rbac:config-reader',
  ]);
  return result.stdout.trim();
}

/** Where a failure happened: the local cluster's Kubernetes version, or a cluster of one's own. */
const ON = VERSION === undefined ? 'on the KUBECONFIG cluster' : `on Kubernetes ${VERSION}`;

describe(`the course on a real API server ${ON}`, () => {
  it.each(CHARTS)('applies %s with strict field validation, without error or warning', (chart) => {
    const result = applyStrict(path.join(DIST, chart));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('shows the simulated node, Ready, in kubectl get nodes', () => {
    const nodes = getJson(['nodes']).items;
    expect(nodes.length).toBeGreaterThan(0);
    const ready = nodes[0].status.conditions.find((condition: { type: string }) => condition.type === 'Ready');
    expect(ready.status).toBe('True');
  });

  it('shows our namespaces in kubectl get namespace, each enforcing Pod Security restricted', () => {
    const namespaces = getJson(['namespaces']).items;
    for (const name of NAMESPACES) {
      const namespace = namespaces.find((ns: { metadata: { name: string } }) => ns.metadata.name === name);
      expect(namespace?.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    }
  });

  it('admits every pod: each Deployment rolls out', () => {
    const deployments = [
      ['course-web', 'web'],
      ['course-web', 'api'],
      ['course-config', 'settings-reader'],
      ['course-storage', 'notes-writer'],
      ['course-rbac', 'config-reader'],
      ['kubernetes-dashboard', 'kubernetes-dashboard'],
      ['kubernetes-dashboard', 'dashboard-metrics-scraper'],
    ];
    for (const [namespace, name] of deployments) {
      kubectl(['rollout', 'status', `deployment/${name}`, '-n', namespace, '--timeout=120s']);
    }
  });

  it('admits every pod of every workload under Pod Security restricted', async () => {
    await waitFor('the StatefulSet pods', () => podsRunning('course-db', 'app.kubernetes.io/name=redis', 2), 120);
    const rejected = getJson(['events', '--all-namespaces', '--field-selector', 'reason=FailedCreate']).items.map(
      (event: { involvedObject: { namespace: string; name: string }; message: string }) =>
        `${event.involvedObject.namespace}/${event.involvedObject.name}: ${event.message}`,
    );
    expect(rejected).toEqual([]);
  });

  it('runs the two-container pod, whose containers kubectl logs -c and exec -c can name', async () => {
    await waitFor(
      'the pod web-with-sidecar to run',
      () => getJson(['pod', 'web-with-sidecar', '-n', 'course-pods']).status.phase === 'Running',
    );
    const pod = getJson(['pod', 'web-with-sidecar', '-n', 'course-pods']);
    expect(pod.spec.containers.map((container: { name: string }) => container.name)).toEqual(['web', 'sidecar']);
    expect(pod.status.podIP).toBeDefined();
  });

  it("shows each container's log with kubectl logs -c, and -f streams the new lines as they come", async () => {
    const pod = ['web-with-sidecar', '-n', 'course-pods'];
    expect(kubectl(['logs', ...pod, '-c', 'web', '--tail=1'])).toMatch(/"GET \/ HTTP\/1\.1" 200 .*"Wget"/);
    const started = new Date();
    const lines = await kubectlLines(['logs', '-f', '--timestamps', '--tail=1', ...pod, '-c', 'sidecar'], 2, 60);
    expect(lines.map((line) => line.replace(/^\S+ /, ''))).toEqual([
      'web answered on localhost:8080',
      'web answered on localhost:8080',
    ]);
    // The second line was written after kubectl logs -f started: it streamed, not just read what was there.
    expect(new Date(lines[1]!.split(' ')[0]!).getTime()).toBeGreaterThanOrEqual(started.getTime() - 1000);
  });

  it.each(['web', 'sidecar'])(
    'runs a command in container %s with kubectl exec -c, and a shell with exec -i',
    (container) => {
      const pod = ['web-with-sidecar', '-n', 'course-pods', '-c', container];
      expect(kubectl(['exec', ...pod, '--', 'sh', '-c', 'echo "$HOSTNAME"'])).toBe('web-with-sidecar\n');
      expect(kubectl(['exec', '-i', ...pod, '--', 'sh'], 'echo "answer $((6 * 7))"\nexit\n')).toBe('answer 42\n');
    },
  );

  it('opens an interactive shell in the web container with kubectl exec -it, as the course does', async () => {
    // The local cluster's exec is kwok's, which runs the shell on this machine; under load it sometimes ends the
    // session right after the prompt without reading what was typed (seen on 1.27 and 1.37 with both projects running
    // at once). A real kubelet does not; the session is tried up to three times, and the last attempt shows on a
    // failure.
    const passed = (attempt: { output: string; status: number | null } | undefined) =>
      attempt?.status === 0 && /(^|[$#] )tty 42$/m.test(attempt.output);
    const attempts: { output: string; status: number | null }[] = [];
    while (attempts.length < 3 && !passed(attempts.at(-1))) {
      attempts.push(await interactiveShell());
    }
    expect(attempts.at(-1)).toEqual({ output: expect.stringMatching(/(^|[$#] )tty 42$/m), status: 0 });
  });

  it('keeps the ReplicaSet at three pods when one is deleted', async () => {
    const selector = 'app.kubernetes.io/name=hello';
    await waitFor('three hello pods', () => podsRunning('course-pods', selector, 3));
    const victim = getJson(['pods', '-n', 'course-pods', '-l', selector]).items[0].metadata.name;
    kubectl(['delete', 'pod', victim, '-n', 'course-pods', '--wait=true']);
    await waitFor('the ReplicaSet to replace the pod', () => {
      const pods = getJson(['pods', '-n', 'course-pods', '-l', selector]).items;
      const names = pods
        .filter((pod: { status: { phase: string } }) => pod.status.phase === 'Running')
        .map((pod: { metadata: { name: string } }) => pod.metadata.name);
      return names.length === 3 && !names.includes(victim);
    });
    expect(getJson(['replicaset', 'hello', '-n', 'course-pods']).spec.replicas).toBe(3);
  });

  it('gives each of the four Service types what it asked for', () => {
    const clusterIp = getJson(['service', 'web', '-n', 'course-web']).spec;
    expect(clusterIp.type).toBe('ClusterIP');
    expect(clusterIp.clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const nodePort = getJson(['service', 'web-nodeport', '-n', 'course-web']).spec;
    expect(nodePort.ports[0].nodePort).toBe(30080);
    const loadBalancer = getJson(['service', 'web-loadbalancer', '-n', 'course-web']).spec;
    expect(loadBalancer.type).toBe('LoadBalancer');
    expect(loadBalancer.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    const externalName = getJson(['service', 'kubernetes-docs', '-n', 'course-web']).spec;
    expect(externalName).toMatchObject({ type: 'ExternalName', externalName: 'kubernetes.io' });
  });

  it('keeps the Ingress rules', () => {
    const rule = getJson(['ingress', 'web-routes', '-n', 'course-web']).spec.rules[0];
    expect(rule.host).toBe('web.course.localhost');
    expect(
      rule.http.paths.map(
        (p: { path: string; backend: { service: { name: string } } }) => `${p.path}>${p.backend.service.name}`,
      ),
    ).toEqual(['/>web', '/api>api']);
  });

  it('binds the claim to its volume', async () => {
    await waitFor(
      'the claim notes to bind',
      () => getJson(['pvc', 'notes', '-n', 'course-storage']).status.phase === 'Bound',
    );
    expect(getJson(['pvc', 'notes', '-n', 'course-storage']).spec.volumeName).toBe('course-notes');
    expect(getJson(['pv', 'course-notes']).status.phase).toBe('Bound');
  });

  it('gives each StatefulSet pod its own bound claim', async () => {
    await waitFor('redis-0 and redis-1 to run', () => podsRunning('course-db', 'app.kubernetes.io/name=redis', 2), 120);
    for (const index of [0, 1]) {
      expect(getJson(['pvc', `data-redis-${index}`, '-n', 'course-db']).status.phase).toBe('Bound');
      const pod = getJson(['pod', `redis-${index}`, '-n', 'course-db']);
      expect(pod.spec.volumes).toContainEqual({
        name: 'data',
        persistentVolumeClaim: { claimName: `data-redis-${index}` },
      });
    }
    expect(getJson(['service', 'redis', '-n', 'course-db']).spec.clusterIP).toBe('None');
  });

  it('runs the WordPress tutorial: both pods Running on their bound claims, both Services with endpoints', async () => {
    for (const name of ['wordpress-mysql', 'wordpress']) {
      kubectl(['rollout', 'status', `deployment/${name}`, '-n', 'course-wordpress', '--timeout=120s']);
      await waitFor(`a pod of ${name} to run`, () =>
        podsRunning('course-wordpress', `app.kubernetes.io/name=${name}`, 1),
      );
      expect(getJson(['pvc', `${name}-data`, '-n', 'course-wordpress']).status.phase).toBe('Bound');
      await waitFor(`the endpoints of Service ${name}`, () => {
        const subsets = getJson(['endpoints', name, '-n', 'course-wordpress']).subsets ?? [];
        return subsets.some((subset: { addresses?: unknown[] }) => (subset.addresses ?? []).length > 0);
      });
    }
    expect(getJson(['service', 'wordpress', '-n', 'course-wordpress']).spec.type).toBe('LoadBalancer');
    expect(getJson(['secret', 'mysql-pass', '-n', 'course-wordpress']).data.password).toBeDefined();
  });

  it('completes the Job', async () => {
    await waitFor(
      'the Job to complete',
      () => (getJson(['job', 'count-to-ten', '-n', 'course-batch']).status.succeeded ?? 0) >= 3,
      120,
    );
    const job = getJson(['job', 'count-to-ten', '-n', 'course-batch']);
    expect(
      job.status.conditions.some(
        (condition: { type: string; status: string }) => condition.type === 'Complete' && condition.status === 'True',
      ),
    ).toBe(true);
  });

  it('has the CronJob create a Job on schedule', async () => {
    await waitFor(
      'the CronJob heartbeat to create a Job',
      () =>
        getJson(['jobs', '-n', 'course-batch']).items.some(
          (job: { metadata: { ownerReferences?: { name: string }[] } }) =>
            job.metadata.ownerReferences?.some((owner) => owner.name === 'heartbeat'),
        ),
      150,
    );
    expect(getJson(['cronjob', 'heartbeat', '-n', 'course-batch']).status.lastScheduleTime).toBeDefined();
  });

  it('lets the ServiceAccount do exactly what its Role and ClusterRole grant', () => {
    expect(canI('get', 'configmaps', 'course-rbac')).toBe('yes');
    expect(canI('list', 'configmaps', 'course-rbac')).toBe('yes');
    expect(canI('watch', 'configmaps', 'course-rbac')).toBe('yes');
    expect(canI('list', 'namespaces', 'course-rbac')).toBe('yes');
    expect(canI('delete', 'configmaps', 'course-rbac')).toBe('no');
    expect(canI('create', 'configmaps', 'course-rbac')).toBe('no');
    expect(canI('get', 'secrets', 'course-rbac')).toBe('no');
    expect(canI('list', 'configmaps', 'default')).toBe('no');
    expect(canI('delete', 'namespaces', 'course-rbac')).toBe('no');
    expect(canI('list', 'pods', 'course-rbac')).toBe('no');
  });

  it('records revisions with their change-cause, and rollout undo brings the previous image back', async () => {
    const original = DEV.webImage;
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-rollout-'));
    synthesize({
      outdir,
      environments: [{ ...DEV, webImage: 'nginxinc/nginx-unprivileged:1.26-alpine', webChangeCause: 'try nginx 1.26' }],
    });
    expect(applyStrict(path.join(outdir, 'dev', 'web.k8s.yaml')).status).toBe(0);
    kubectl(['rollout', 'status', 'deployment/web', '-n', 'course-web', '--timeout=120s']);
    const history = kubectl(['rollout', 'history', 'deployment/web', '-n', 'course-web']);
    expect(history).toMatch(/1\s+serve the course page from nginx 1\.27/);
    expect(history).toMatch(/2\s+try nginx 1\.26/);
    const image = () => getJson(['deployment', 'web', '-n', 'course-web']).spec.template.spec.containers[0].image;
    expect(image()).toBe('nginxinc/nginx-unprivileged:1.26-alpine');
    kubectl(['rollout', 'undo', 'deployment/web', '-n', 'course-web']);
    kubectl(['rollout', 'status', 'deployment/web', '-n', 'course-web', '--timeout=120s']);
    expect(image()).toBe(original);
  });

  it('turns the SealedSecret of dist/ into the Secret it seals', async () => {
    const sealed = parseAllDocuments(fs.readFileSync(path.join(DIST, 'config.k8s.yaml'), 'utf8'))
      .map((document) => document.toJS())
      .find((object) => object.kind === 'SealedSecret');
    await waitFor(
      'the controller to create Secret app-credentials',
      () => kubectlResult(['get', 'secret', 'app-credentials', '-n', 'course-config']).status === 0,
      60,
    );
    const secret = getJson(['secret', 'app-credentials', '-n', 'course-config']);
    const key = fs.readFileSync(path.join(ROOT, 'secrets-tooling', 'dev-sealing-key.pem'), 'utf8');
    for (const [name, value] of Object.entries<string>(sealed.spec.encryptedData)) {
      const original = unseal(key, 'course-config/app-credentials', value).toString('utf8');
      expect(Buffer.from(secret.data[name], 'base64').toString('utf8')).toBe(original);
    }
    expect(Object.keys(secret.data).sort()).toEqual(['DB_PASSWORD', 'DB_USER']);
  });

  it('rolls the Deployment to a new ReplicaSet when a ConfigMap value changes', async () => {
    const reader = () => getJson(['deployment', 'settings-reader', '-n', 'course-config']);
    const configMapOf = (deployment: {
      spec: { template: { spec: { volumes: { configMap?: { name: string } }[] } } };
    }) => deployment.spec.template.spec.volumes.find((volume) => volume.configMap !== undefined)?.configMap?.name;
    const before = reader();
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-config-'));
    synthesize({ outdir, environments: [{ ...DEV, logLevel: 'debug' }] });
    expect(applyStrict(path.join(outdir, 'dev', 'config.k8s.yaml')).status).toBe(0);
    kubectl(['rollout', 'status', 'deployment/settings-reader', '-n', 'course-config', '--timeout=120s']);
    const after = reader();
    expect(configMapOf(after)).not.toBe(configMapOf(before));
    expect(after.metadata.annotations['deployment.kubernetes.io/revision']).not.toBe(
      before.metadata.annotations['deployment.kubernetes.io/revision'],
    );
    const replicaSets = getJson([
      'replicasets',
      '-n',
      'course-config',
      '-l',
      'app.kubernetes.io/name=settings-reader',
    ]).items;
    expect(replicaSets.length).toBe(2);
    const settings = getJson(['configmap', configMapOf(after)!, '-n', 'course-config']);
    expect(settings.data.LOG_LEVEL).toBe('debug');
  });

  it('removes every object of a chart with kubectl delete -f', async () => {
    const file = path.join(DIST, 'batch.k8s.yaml');
    kubectl(['delete', '-f', file, '--wait=true', '--timeout=120s']);
    for (const [kind, name, namespace] of [
      ['cronjob', 'heartbeat', 'course-batch'],
      ['job', 'count-to-ten', 'course-batch'],
      ['namespace', 'course-batch', undefined],
    ]) {
      const args = namespace === undefined ? ['get', kind!, name!] : ['get', kind!, name!, '-n', namespace];
      const result = kubectlResult(args);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/NotFound|not found/);
    }
  });
});

// Each environment runs on the version it declares (lib/config/environments.ts); the course (dev) runs on all.
const describeProd = testsEnvironment('prod') ? describe : describe.skip;

describeProd(`the prod environment on a real API server ${ON}`, () => {
  it('replaces dev: kubectl delete -f dist/dev/ removes every namespace of the course', async () => {
    kubectl(['delete', '-f', DIST, '--ignore-not-found', '--wait=true', '--timeout=150s']);
    await waitFor(
      'the course namespaces to go',
      () => {
        const names = getJson(['namespaces']).items.map((ns: { metadata: { name: string } }) => ns.metadata.name);
        return NAMESPACES.every((name) => !names.includes(name));
      },
      150,
    );
  });

  it('applies dist/prod/ with kubectl apply -k through the Kustomization, in one pass on the emptied cluster', () => {
    const result = kubectlResult(['apply', '--server-side', '--field-manager=k8s-course', '-k', PROD]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/deployment.apps\/web serverside-applied/);
    expect(result.status).toBe(0);
  });

  it('applies all of dist/prod/ with kubectl apply -f in one pass too, strictly and without warning', () => {
    const result = kubectlResult([
      'apply',
      '--server-side',
      '--validate=strict',
      '--field-manager=k8s-course',
      '-f',
      PROD,
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('shows no difference with npm run diff once applied', () => {
    const result = runScript('diff', ['--env', 'prod']);
    // The whole result, so that a failure shows the diff itself (stdout) and kubectl's messages (stderr).
    expect(result).toEqual({
      status: 0,
      stdout: '',
      stderr: expect.stringContaining('diff prod: the cluster matches'),
    });
  });

  it('rolls out prod with its own replicas and image', () => {
    kubectl(['rollout', 'status', 'deployment/web', '-n', 'course-web', '--timeout=120s']);
    const web = getJson(['deployment', 'web', '-n', 'course-web']);
    expect(web.spec.replicas).toBe(3);
    expect(web.spec.template.spec.containers[0].image).toBe('nginxinc/nginx-unprivileged:1.27.3-alpine');
    expect(web.status.readyReplicas).toBe(3);
  });

  it('applies each chart as a kubectl ApplySet with npm run apply', () => {
    const result = runScript('apply', ['--env', 'prod']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(getJson(['secret', 'applyset', '-n', 'course-web']).metadata.labels['applyset.kubernetes.io/id']).toMatch(
      /^applyset-.*-v1$/,
    );
  });

  it('prunes an object and an application removed from the code, and nothing else', async () => {
    const removed = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-prune-'));
    fs.mkdirSync(path.join(removed, 'prod'));
    for (const file of fs.readdirSync(PROD).filter((name) => name.endsWith('.k8s.yaml') && name !== 'batch.k8s.yaml')) {
      const documents = parseAllDocuments(fs.readFileSync(path.join(PROD, file), 'utf8')).filter(
        (document) => document.toJS().metadata.name !== 'kubernetes-docs',
      );
      fs.writeFileSync(
        path.join(removed, 'prod', file),
        documents.map((document) => document.toString()).join('---\n'),
      );
    }
    const result = runScript('apply', ['--env', 'prod'], { K8S_COURSE_DIST: removed });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/service\/kubernetes-docs pruned/);
    expect(result.stderr).toContain('pruning application "batch" (namespace course-batch)');
    await waitFor(
      'the batch namespace to go',
      () => kubectlResult(['get', 'namespace', 'course-batch']).status !== 0,
      120,
    );
    expect(kubectlResult(['get', 'service', 'kubernetes-docs', '-n', 'course-web']).status).not.toBe(0);
    expect(getJson(['deployment', 'web', '-n', 'course-web']).spec.replicas).toBe(3);
    expect(getJson(['namespaces']).items.map((ns: { metadata: { name: string } }) => ns.metadata.name)).toEqual(
      expect.arrayContaining(NAMESPACES.filter((name) => name !== 'course-batch')),
    );
  });

  it('has npm run diff exit 1 when applying dist/ would change the cluster', () => {
    const result = runScript('diff', ['--env', 'prod']);
    expect(result.stdout).toMatch(/\+ {2}name: kubernetes-docs/);
    expect(result.stdout).toContain('namespace course-batch and every object of the chart would be created');
    expect(result.stderr).toContain('diff prod: applying');
    expect(result.status).toBe(1);
  });
});

/**
 * `kubectl exec -it` into the web container through `script` (util-linux), which gives kubectl the terminal that -t
 * asks for; the command is typed once the shell shows its prompt, as a person would (typed before, it can reach the
 * terminal before kubectl has set it up). What the terminal showed, and how the session ended.
 */
async function interactiveShell(): Promise<{ output: string; status: number | null }> {
  const command = `'${KUBECTL}' exec -it web-with-sidecar -c web -n course-pods -- sh`;
  const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, KUBECONFIG } });
  let output = '';
  let typed = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk.replace(/\r/g, '');
    if (!typed && /[$#] $/.test(output)) {
      typed = true;
      child.stdin.write('echo "tty $((6 * 7))"; exit\n');
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  child.stdin.destroy();
  return { output, status };
}
