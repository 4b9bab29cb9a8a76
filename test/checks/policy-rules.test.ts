import { runChecks } from '../../lib/checks/run-checks';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { findings, policyFindings, TEST_ENV } from './fixtures';

const NS = 'shop';
const WEB = { 'app.kubernetes.io/name': 'web' };
const DIGEST = 'a'.repeat(64);
const HOST_ACCESS_EXEMPTION = 'policy.k8s-course.io/exempt-host-access';
const NO_EGRESS = "network-policy: no NetworkPolicy governs the pods' egress traffic";
const NO_TRAFFIC = "network-policy: no NetworkPolicy governs the pods' ingress and egress traffic";

function meta(name: string): AnyManifest {
  return { name, namespace: NS };
}

function container(name: string): AnyManifest {
  return {
    name,
    image: 'nginx:1.27',
    imagePullPolicy: 'Always',
    ports: [{ containerPort: 8080, name: 'http' }],
    resources: {
      requests: { cpu: '50m', memory: '64Mi', 'ephemeral-storage': '64Mi' },
      limits: { cpu: '500m', memory: '128Mi', 'ephemeral-storage': '256Mi' },
    },
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
    livenessProbe: { tcpSocket: { port: 'http' } },
  };
}

function podSpec(name: string, extra: AnyManifest = {}): AnyManifest {
  return {
    automountServiceAccountToken: false,
    securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    containers: [container(name)],
    ...extra,
  };
}

/** A set of objects that passes every policy rule; each test breaks or varies one thing in it. */
function secure(): RenderedObject[] {
  const manifests: AnyManifest[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: NS,
        labels: {
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'v1.27',
        },
      },
    },
    networkPolicy('default-deny', ['Ingress', 'Egress']),
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('web'),
      spec: {
        replicas: 2,
        selector: { matchLabels: WEB },
        template: { metadata: { labels: WEB }, spec: podSpec('app') },
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta('web'),
      spec: { maxUnavailable: 1, selector: { matchLabels: WEB } },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('web'),
      spec: { selector: WEB, ports: [{ port: 80, targetPort: 'http', name: 'http' }] },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta('report'),
      spec: {
        schedule: '*/5 * * * *',
        startingDeadlineSeconds: 60,
        jobTemplate: {
          spec: { ttlSecondsAfterFinished: 3600, template: { spec: podSpec('report', { restartPolicy: 'Never' }) } },
        },
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('migrate'),
      spec: { ttlSecondsAfterFinished: 3600, template: { spec: podSpec('migrate', { restartPolicy: 'Never' }) } },
    },
  ];
  return manifests.map((manifest) => ({ path: `shop/${manifest.kind}-${manifest.metadata.name}`, manifest }));
}

/** A NetworkPolicy over every pod of the namespace. */
function networkPolicy(name: string, policyTypes: string[]): AnyManifest {
  const spec = { podSelector: {}, policyTypes };
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(name), spec };
}

/** The manifest of this kind and name among `objects`. */
function manifestOf(objects: RenderedObject[], kind: string, name: string): AnyManifest {
  const object = objects.find(({ manifest }) => manifest.kind === kind && manifest.metadata.name === name);
  if (object === undefined) {
    throw new Error(`no ${kind} ${name}`);
  }
  return object.manifest;
}

/** The secure set with one object changed by `change`. */
function secureWith(kind: string, name: string, change: (manifest: AnyManifest) => void): RenderedObject[] {
  const objects = secure();
  change(manifestOf(objects, kind, name));
  return objects;
}

/** The secure set with the web Deployment's pod spec changed. */
function withPod(change: (pod: AnyManifest) => void): RenderedObject[] {
  return secureWith('Deployment', 'web', (deployment) => change(deployment.spec.template.spec));
}

/** The secure set with the web Deployment's container changed. */
function withContainer(change: (container: AnyManifest) => void): RenderedObject[] {
  return withPod((pod) => change(pod.containers[0]));
}

/** The secure set with the web Deployment's container security context changed. */
function withContext(change: (context: AnyManifest) => void): RenderedObject[] {
  return withContainer((app) => change(app.securityContext));
}

/** `objects` (the secure set by default) without the object of this kind and name. */
function without(kind: string, name: string, objects = secure()): RenderedObject[] {
  return objects.filter(({ manifest }) => !(manifest.kind === kind && manifest.metadata.name === name));
}

/** `objects` plus `manifests`. */
function withObjects(objects: RenderedObject[], ...manifests: AnyManifest[]): RenderedObject[] {
  const added = manifests.map((manifest) => ({ path: `extra/${manifest.kind}-${manifest.metadata.name}`, manifest }));
  return [...objects, ...added];
}

/** The secure set with the web Deployment sharing the node's network, annotated with `annotations`. */
function hostNetworkWith(annotations: Record<string, string>): RenderedObject[] {
  return secureWith('Deployment', 'web', (deployment) => {
    deployment.metadata.annotations = annotations;
    deployment.spec.template.spec.hostNetwork = true;
  });
}

/** The exemptions runChecks lists for `objects`, with the path of each object. */
function exemptionsOf(objects: RenderedObject[]): { rule: string; object: string; reason: string }[] {
  const { exemptions } = runChecks(objects, TEST_ENV);
  return exemptions.map(({ rule, object, reason }) => ({ rule, object: object.path, reason }));
}

describe('the secure set', () => {
  it('passes every policy rule', () => {
    expect(policyFindings(secure())).toEqual([]);
  });

  it('passes every reference and value rule', () => {
    expect(findings(secure())).toEqual([]);
  });
});

describe('container-resources', () => {
  it('fires when a container has no limits', () => {
    const objects = withContainer((app) => {
      delete app.resources.limits;
    });
    expect(policyFindings(objects)).toEqual([
      'container-resources: container "app" has no limits.cpu, limits.memory, limits.ephemeral-storage',
    ]);
  });

  it('fires when an init container has no resources', () => {
    const objects = withPod((pod) => {
      const init = container('init');
      delete init.resources;
      pod.initContainers = [init];
    });
    expect(policyFindings(objects)).toEqual([
      'container-resources: container "init" has no requests.cpu, limits.cpu, requests.memory, limits.memory, requests.ephemeral-storage, limits.ephemeral-storage',
    ]);
  });
});

describe('image-tag', () => {
  it('fires when the image has no tag', () => {
    const objects = withContainer((app) => {
      app.image = 'nginx';
    });
    expect(policyFindings(objects)).toEqual(['image-tag: container "app" runs image "nginx", which is not pinned']);
  });

  it('fires when the image is tagged latest', () => {
    const objects = withContainer((app) => {
      app.image = 'nginx:latest';
    });
    expect(policyFindings(objects)).toEqual([
      'image-tag: container "app" runs image "nginx:latest", which is not pinned',
    ]);
  });

  it('fires when the only colon is the registry port', () => {
    const objects = withContainer((app) => {
      app.image = 'registry.example.com:5000/nginx';
    });
    expect(policyFindings(objects)).toEqual([
      'image-tag: container "app" runs image "registry.example.com:5000/nginx", which is not pinned',
    ]);
  });

  it('passes an image pinned by digest', () => {
    const objects = withContainer((app) => {
      app.image = `nginx@sha256:${DIGEST}`;
    });
    expect(policyFindings(objects)).toEqual([]);
  });

  it('passes a tagged image from a registry with a port', () => {
    const objects = withContainer((app) => {
      app.image = 'registry.example.com:5000/nginx:1.27';
    });
    expect(policyFindings(objects)).toEqual([]);
  });

  // One mistake, one finding: an image the kubelet cannot parse is image-reference's, pinned or not.
  it('stays silent on an image that image-reference reports', () => {
    const objects = withContainer((app) => {
      app.image = 'Nginx';
    });
    expect(policyFindings(objects)).toEqual([]);
    expect(findings(objects)).toEqual([
      'image-reference: container "app" image "Nginx" is not an image reference the kubelet can parse (the pod would never start, InvalidImageName): the repository name "Nginx" must be lower case',
    ]);
  });
});

describe('image-pull-policy', () => {
  it('fires when imagePullPolicy is unset', () => {
    const objects = withContainer((app) => {
      delete app.imagePullPolicy;
    });
    expect(policyFindings(objects)).toEqual(['image-pull-policy: container "app" has imagePullPolicy (unset)']);
  });

  it('fires when imagePullPolicy is IfNotPresent', () => {
    const objects = withContainer((app) => {
      app.imagePullPolicy = 'IfNotPresent';
    });
    expect(policyFindings(objects)).toEqual(['image-pull-policy: container "app" has imagePullPolicy IfNotPresent']);
  });
});

describe('security-context', () => {
  it('fires when runAsUser is 1000', () => {
    const objects = withContext((context) => {
      context.runAsUser = 1000;
    });
    expect(policyFindings(objects)).toEqual(['security-context: container "app": runAsUser 1000 is not above 10000']);
  });

  it('fires when runAsUser is exactly 10000', () => {
    const objects = withContext((context) => {
      context.runAsUser = 10000;
    });
    expect(policyFindings(objects)).toEqual(['security-context: container "app": runAsUser 10000 is not above 10000']);
  });

  it('fires when runAsGroup is missing', () => {
    const objects = withContext((context) => {
      delete context.runAsGroup;
    });
    expect(policyFindings(objects)).toEqual([
      'security-context: container "app": runAsGroup (unset) is not above 10000',
    ]);
  });

  it('fires when runAsNonRoot is false', () => {
    const objects = withContext((context) => {
      context.runAsNonRoot = false;
    });
    expect(policyFindings(objects)).toEqual(['security-context: container "app": runAsNonRoot is not true']);
  });

  it('fires when allowPrivilegeEscalation is true', () => {
    const objects = withContext((context) => {
      context.allowPrivilegeEscalation = true;
    });
    expect(policyFindings(objects)).toEqual([
      'security-context: container "app": allowPrivilegeEscalation is not false',
    ]);
  });

  it('fires when the root filesystem is writable', () => {
    const objects = withContext((context) => {
      delete context.readOnlyRootFilesystem;
    });
    expect(policyFindings(objects)).toEqual(['security-context: container "app": readOnlyRootFilesystem is not true']);
  });

  it('fires when capabilities do not drop ALL', () => {
    const objects = withContext((context) => {
      context.capabilities.drop = ['NET_RAW'];
    });
    expect(policyFindings(objects)).toEqual(['security-context: container "app": capabilities do not drop ALL']);
  });

  it('fires when seccomp is unset', () => {
    const objects = withPod((pod) => {
      delete pod.securityContext;
    });
    expect(policyFindings(objects)).toEqual(['security-context: container "app": seccompProfile is unset']);
  });

  it('fires when seccomp is Unconfined', () => {
    const objects = withContext((context) => {
      context.seccompProfile = { type: 'Unconfined' };
    });
    expect(policyFindings(objects)).toEqual(['security-context: container "app": seccompProfile is Unconfined']);
  });

  it('names, for each problem, the prop or field that sets it right', () => {
    const objects = withPod((pod) => {
      pod.containers[0].securityContext.runAsUser = 999;
      delete pod.containers[0].securityContext.readOnlyRootFilesystem;
    });
    const [finding] = runChecks(objects, TEST_ENV).findings.filter((each) => each.rule === 'security-context');
    expect(finding.fix).toBe(
      "give it a user above 10000 (`user`, 65532 by default; an image made for a low user, such as 999, runs as another when its files are the group's: `fsGroup`); a read-only root filesystem, with an emptyDir where the app writes (`writablePaths`, or `Volume.fromEmptyDir` in `mounts`): the constructs' containers have all of it by default",
    );
  });

  it('joins the problems of one container with "; "', () => {
    const objects = withPod((pod) => {
      pod.containers[0].securityContext.runAsUser = 0;
      delete pod.securityContext;
    });
    expect(policyFindings(objects)).toEqual([
      'security-context: container "app": runAsUser 0 is not above 10000; seccompProfile is unset',
    ]);
  });

  it('passes user, group and non-root taken from the pod security context', () => {
    const objects = withPod((pod) => {
      const { runAsNonRoot, runAsUser, runAsGroup, ...rest } = pod.containers[0].securityContext;
      pod.containers[0].securityContext = rest;
      pod.securityContext = { ...pod.securityContext, runAsNonRoot, runAsUser, runAsGroup };
    });
    expect(policyFindings(objects)).toEqual([]);
  });

  it('passes a Localhost seccomp profile', () => {
    const objects = withContext((context) => {
      context.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/web.json' };
    });
    expect(policyFindings(objects)).toEqual([]);
  });
});

describe('privileged', () => {
  it('fires when a container is privileged', () => {
    const objects = withContext((context) => {
      context.privileged = true;
    });
    expect(policyFindings(objects)).toEqual(['privileged: container "app" is privileged']);
  });

  it('passes privileged set to false', () => {
    const objects = withContext((context) => {
      context.privileged = false;
    });
    expect(policyFindings(objects)).toEqual([]);
  });
});

describe('capabilities', () => {
  it('fires when a container adds capabilities', () => {
    const objects = withContext((context) => {
      context.capabilities.add = ['NET_ADMIN', 'SYS_TIME'];
    });
    expect(policyFindings(objects)).toEqual(['capabilities: container "app" adds NET_ADMIN, SYS_TIME']);
  });

  it('names only the capabilities that are not allowed', () => {
    const objects = withContext((context) => {
      context.capabilities.add = ['NET_BIND_SERVICE', 'SYS_ADMIN'];
    });
    expect(policyFindings(objects)).toEqual(['capabilities: container "app" adds SYS_ADMIN']);
  });

  it('passes NET_BIND_SERVICE', () => {
    const objects = withContext((context) => {
      context.capabilities.add = ['NET_BIND_SERVICE'];
    });
    expect(policyFindings(objects)).toEqual([]);
  });
});

describe('host-access', () => {
  it('fires when the pod uses the host network', () => {
    const objects = withPod((pod) => {
      pod.hostNetwork = true;
    });
    expect(policyFindings(objects)).toEqual(['host-access: hostNetwork is true']);
  });

  it('fires once for each host namespace the pod shares', () => {
    const objects = withPod((pod) => {
      pod.hostPID = true;
      pod.hostIPC = true;
    });
    expect(policyFindings(objects)).toEqual(['host-access: hostPID is true', 'host-access: hostIPC is true']);
  });

  it('fires when a volume is a hostPath', () => {
    const objects = withPod((pod) => {
      pod.volumes = [{ name: 'proc', hostPath: { path: '/proc' } }];
    });
    expect(policyFindings(objects)).toEqual(['host-access: volume "proc" is a hostPath']);
  });

  it('fires when a container binds a hostPort', () => {
    const objects = withContainer((app) => {
      app.ports[0].hostPort = 8080;
    });
    expect(policyFindings(objects)).toEqual(['host-access: container "app" binds hostPort 8080']);
  });

  it('passes an emptyDir volume and host namespaces set to false', () => {
    const objects = withPod((pod) => {
      pod.hostNetwork = false;
      pod.hostPID = false;
      pod.volumes = [{ name: 'tmp', emptyDir: {} }];
    });
    expect(policyFindings(objects)).toEqual([]);
  });
});

describe('container-probes', () => {
  it('fires when a container behind a Service has no readiness probe', () => {
    const objects = withContainer((app) => {
      delete app.readinessProbe;
    });
    expect(policyFindings(objects)).toEqual([
      'container-probes: container "app" receives Service traffic but has no readinessProbe',
    ]);
  });

  it('fires when the liveness probe is the readiness probe', () => {
    const objects = withContainer((app) => {
      app.livenessProbe = { httpGet: { path: '/ready', port: 'http' } };
    });
    expect(policyFindings(objects)).toEqual([
      'container-probes: container "app" has the same liveness and readiness probe',
    ]);
  });

  it('passes a pod not behind a Service without a readiness probe', () => {
    const objects = without(
      'Service',
      'web',
      withContainer((app) => {
        delete app.readinessProbe;
      }),
    );
    expect(policyFindings(objects)).toEqual([]);
  });

  it('passes a pod selected only by a Service of another namespace', () => {
    const objects = secureWith('Service', 'web', (service) => {
      service.metadata.namespace = 'other';
    });
    delete manifestOf(objects, 'Deployment', 'web').spec.template.spec.containers[0].readinessProbe;
    expect(policyFindings(objects)).toEqual([]);
  });

  it('passes a Job behind a Service without a readiness probe', () => {
    const objects = secureWith('Job', 'migrate', (job) => {
      job.spec.template.metadata = { labels: WEB };
      delete job.spec.template.spec.containers[0].readinessProbe;
    });
    expect(policyFindings(objects)).toEqual([]);
  });
});

describe('pod-disruption-budget', () => {
  it('fires for 3 replicas without a PodDisruptionBudget', () => {
    const objects = without(
      'PodDisruptionBudget',
      'web',
      secureWith('Deployment', 'web', (deployment) => {
        deployment.spec.replicas = 3;
      }),
    );
    expect(policyFindings(objects)).toEqual([
      'pod-disruption-budget: 3 replicas and no PodDisruptionBudget selects them',
    ]);
  });

  it('fires when the PodDisruptionBudget selects other labels', () => {
    const objects = secureWith('PodDisruptionBudget', 'web', (pdb) => {
      pdb.spec.selector = { matchLabels: { 'app.kubernetes.io/name': 'db' } };
    });
    expect(policyFindings(objects)).toEqual([
      'pod-disruption-budget: 2 replicas and no PodDisruptionBudget selects them',
    ]);
  });

  it('fires when the PodDisruptionBudget is in another namespace', () => {
    const objects = secureWith('PodDisruptionBudget', 'web', (pdb) => {
      pdb.metadata.namespace = 'other';
    });
    expect(policyFindings(objects)).toEqual([
      'pod-disruption-budget: 2 replicas and no PodDisruptionBudget selects them',
    ]);
  });

  it('passes a Deployment of 1 replica without a PodDisruptionBudget', () => {
    const objects = without(
      'PodDisruptionBudget',
      'web',
      secureWith('Deployment', 'web', (deployment) => {
        deployment.spec.replicas = 1;
      }),
    );
    expect(policyFindings(objects)).toEqual([]);
  });
});

describe('network-policy', () => {
  it('fires for each workload when the only policy governs ingress', () => {
    const objects = secureWith('NetworkPolicy', 'default-deny', (policy) => {
      policy.spec.policyTypes = ['Ingress'];
    });
    expect(policyFindings(objects)).toEqual([NO_EGRESS, NO_EGRESS, NO_EGRESS]);
  });

  it('fires for each workload when no policy selects its pods', () => {
    const objects = secureWith('NetworkPolicy', 'default-deny', (policy) => {
      policy.spec.podSelector = { matchLabels: { 'app.kubernetes.io/name': 'db' } };
    });
    expect(policyFindings(objects)).toEqual([NO_TRAFFIC, NO_TRAFFIC, NO_TRAFFIC]);
  });

  it('fires when the only policy is in another namespace', () => {
    const objects = secureWith('NetworkPolicy', 'default-deny', (policy) => {
      policy.metadata.namespace = 'other';
    });
    expect(policyFindings(objects)).toEqual([NO_TRAFFIC, NO_TRAFFIC, NO_TRAFFIC]);
  });

  it('passes an ingress policy and an egress policy that together cover the pods', () => {
    const objects = withObjects(
      without('NetworkPolicy', 'default-deny'),
      networkPolicy('deny-in', ['Ingress']),
      networkPolicy('deny-out', ['Egress']),
    );
    expect(policyFindings(objects)).toEqual([]);
  });

  // Kubernetes sets Egress in the default policyTypes of a policy that has egress rules; the rule assumes Ingress only.
  it('passes a policy without policyTypes whose egress rules govern egress', () => {
    const objects = secureWith('NetworkPolicy', 'default-deny', (policy) => {
      delete policy.spec.policyTypes;
      policy.spec.egress = [{ ports: [{ port: 53, protocol: 'UDP' }] }];
    });
    expect(policyFindings(objects)).toEqual([]);
  });
});

describe('cronjob-deadline', () => {
  it('fires when a CronJob has no startingDeadlineSeconds', () => {
    const objects = secureWith('CronJob', 'report', (cronJob) => {
      delete cronJob.spec.startingDeadlineSeconds;
    });
    expect(policyFindings(objects)).toEqual(['cronjob-deadline: startingDeadlineSeconds is not set']);
  });
});

describe('job-ttl', () => {
  it('fires when a Job has no ttlSecondsAfterFinished', () => {
    const objects = secureWith('Job', 'migrate', (job) => {
      delete job.spec.ttlSecondsAfterFinished;
    });
    expect(policyFindings(objects)).toEqual(['job-ttl: ttlSecondsAfterFinished is not set']);
  });

  it("fires when a CronJob's job template has no ttlSecondsAfterFinished", () => {
    const objects = secureWith('CronJob', 'report', (cronJob) => {
      delete cronJob.spec.jobTemplate.spec.ttlSecondsAfterFinished;
    });
    expect(policyFindings(objects)).toEqual(['job-ttl: ttlSecondsAfterFinished is not set']);
  });

  it('passes ttlSecondsAfterFinished 0', () => {
    const objects = secureWith('Job', 'migrate', (job) => {
      job.spec.ttlSecondsAfterFinished = 0;
    });
    expect(policyFindings(objects)).toEqual([]);
  });
});

describe('service-account-token', () => {
  const TOKEN = 'service-account-token: the pod mounts an API token but runs as the default ServiceAccount';

  it('fires when a pod of the default account mounts a token by default', () => {
    const objects = withPod((pod) => {
      delete pod.automountServiceAccountToken;
    });
    expect(policyFindings(objects)).toEqual([TOKEN]);
  });

  it('fires when a pod names the default account and mounts a token', () => {
    const objects = withPod((pod) => {
      pod.serviceAccountName = 'default';
      pod.automountServiceAccountToken = true;
    });
    expect(policyFindings(objects)).toEqual([TOKEN]);
  });

  it('passes a pod of its own ServiceAccount that mounts a token', () => {
    const objects = withPod((pod) => {
      pod.serviceAccountName = 'web';
      pod.automountServiceAccountToken = true;
    });
    expect(policyFindings(objects)).toEqual([]);
  });
});

describe('exemptions', () => {
  it('sets a finding aside when the exemption gives a reason', () => {
    // A pod on the host's network runs only in a namespace that enforces privileged.
    const objects = hostNetworkWith({ [HOST_ACCESS_EXEMPTION]: 'node exporter reads /proc' });
    manifestOf(objects, 'Namespace', NS).metadata.labels['pod-security.kubernetes.io/enforce'] = 'privileged';
    expect(runChecks(objects, TEST_ENV).findings).toEqual([]);
  });

  it('sets aside no refusal of Pod Security admission, which the namespace enforces whatever the annotation says', () => {
    const objects = hostNetworkWith({ [HOST_ACCESS_EXEMPTION]: 'node exporter reads /proc' });
    expect(runChecks(objects, TEST_ENV).findings.map((finding) => finding.rule)).toEqual(['pod-security-admission']);
  });

  it('lists the exemption with its rule, object and reason', () => {
    const objects = hostNetworkWith({ [HOST_ACCESS_EXEMPTION]: 'node exporter reads /proc' });
    expect(exemptionsOf(objects)).toEqual([
      { rule: 'host-access', object: 'shop/Deployment-web', reason: 'node exporter reads /proc' },
    ]);
  });

  it('keeps the findings of the rules not exempted', () => {
    const objects = hostNetworkWith({ [HOST_ACCESS_EXEMPTION]: 'node exporter reads /proc' });
    manifestOf(objects, 'Deployment', 'web').spec.template.spec.containers[0].securityContext.privileged = true;
    expect(policyFindings(objects)).toEqual(['privileged: container "app" is privileged']);
  });

  it('reports an exemption without a reason and keeps the finding', () => {
    const objects = hostNetworkWith({ [HOST_ACCESS_EXEMPTION]: '' });
    expect(policyFindings(objects)).toEqual([
      'exemption: the exemption from host-access gives no reason',
      'host-access: hostNetwork is true',
    ]);
  });

  it('reports an exemption whose reason is only blanks', () => {
    const objects = hostNetworkWith({ [HOST_ACCESS_EXEMPTION]: '   ' });
    expect(policyFindings(objects)).toEqual([
      'exemption: the exemption from host-access gives no reason',
      'host-access: hostNetwork is true',
    ]);
  });

  it('reports an exemption from a rule that cannot be exempted', () => {
    const objects = secureWith('Deployment', 'web', (deployment) => {
      deployment.metadata.annotations = { 'policy.k8s-course.io/exempt-service-selector': 'no pods yet' };
    });
    expect(policyFindings(objects)).toEqual([
      'exemption: "service-selector" is not a policy rule that can be exempted',
    ]);
  });

  it('lists no exemption when the rule does not fire on the object', () => {
    const objects = secureWith('Deployment', 'web', (deployment) => {
      deployment.metadata.annotations = { [HOST_ACCESS_EXEMPTION]: 'node exporter reads /proc' };
    });
    expect(exemptionsOf(objects)).toEqual([]);
  });
});

describe('sensitive-data', () => {
  it('refuses a plain env value named as a secret, and one holding a private key', () => {
    const objects = withContainer((app) => {
      app.env = [
        { name: 'DB_PASSWORD', value: 'hunter2' },
        { name: 'TLS_KEY', value: '-----BEGIN RSA PRIVATE KEY-----\nMIIE' },
        { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
        { name: 'LOG_LEVEL', value: 'info' },
      ];
    });
    expect(policyFindings(objects)).toEqual([
      'sensitive-data: container "app" sets DB_PASSWORD as plain text, and its name says it is a secret',
      'sensitive-data: container "app" sets TLS_KEY to a private key in plain text',
    ]);
  });

  it('refuses a ConfigMap key named as a secret or holding a private key', () => {
    const configMap: RenderedObject = {
      path: 'shop/settings',
      manifest: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: meta('settings'),
        data: { 'aws.secret': 'x', 'server.pem': '-----BEGIN PRIVATE KEY-----', MODE: 'prod' },
      },
    };
    expect(policyFindings([...secure(), configMap])).toEqual([
      'sensitive-data: key "aws.secret" is named as a secret, in a ConfigMap, which anyone who may read ConfigMaps reads',
      'sensitive-data: key "server.pem" holds a private key, in a ConfigMap, which anyone who may read ConfigMaps reads',
    ]);
  });
});
