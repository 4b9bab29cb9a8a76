import { Finding } from '../../lib/checks/finding';
import { RULES, runChecks } from '../../lib/checks/run-checks';
import { CheckedEnvironment } from '../../lib/checks/rule';
import { NO_EXTERNAL } from '../../lib/config/environment';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';

const NS = 'shop';
const LABELS = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop-dev' };

function meta(name: string): AnyManifest {
  return { name, namespace: NS };
}

function clusterMeta(name: string): AnyManifest {
  return { name };
}

function pod(): AnyManifest {
  return {
    serviceAccountName: 'web',
    containers: [
      {
        name: 'app',
        image: 'nginx:1.27',
        ports: [{ containerPort: 8080, name: 'http' }],
        env: [
          { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'MODE' } } },
          { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
        ],
        envFrom: [{ configMapRef: { name: 'settings' } }],
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
        volumeMounts: [
          { name: 'settings', mountPath: '/etc/app' },
          { name: 'data', mountPath: '/data' },
        ],
      },
    ],
    volumes: [
      { name: 'settings', configMap: { name: 'settings', items: [{ key: 'MODE', path: 'mode' }] } },
      { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
    ],
  };
}

/** A consistent set of objects that passes every check; each test breaks one thing in it. */
export function baseline(): RenderedObject[] {
  const manifests: AnyManifest[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: clusterMeta(NS) },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('web') },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('settings'), data: { MODE: 'prod' } },
    {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: meta('creds'),
      spec: { encryptedData: { password: 'AgBsealed==' } },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('web-tls'),
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': '', 'tls.key': '' },
    },
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: clusterMeta('manual'),
      provisioner: 'kubernetes.io/no-provisioner',
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: clusterMeta('data-pv'),
      spec: {
        storageClassName: 'manual',
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        csi: { driver: 'disk.csi.example.com', volumeHandle: 'data' },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta('data'),
      spec: {
        storageClassName: 'manual',
        volumeName: 'data-pv',
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
      },
    },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta('reader'), rules: [] },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta('web-reader'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: NS }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: clusterMeta('web-view'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: NS }],
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('web'),
      spec: { selector: LABELS, ports: [{ port: 80, targetPort: 'http', name: 'http' }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('db'),
      spec: { clusterIP: 'None', selector: { 'app.kubernetes.io/name': 'db' }, ports: [{ port: 8080 }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('web'),
      spec: {
        selector: { matchLabels: LABELS },
        template: { metadata: { labels: LABELS }, spec: pod() },
        // Its pod mounts a ReadWriteOnce claim of a disk a node attaches: a rollout stops the old pod as it starts the
        // new one, which may land on another node (claim-sharing).
        strategy: { rollingUpdate: { maxUnavailable: 1 } },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta('db'),
      spec: {
        serviceName: 'db',
        selector: { matchLabels: { 'app.kubernetes.io/name': 'db' } },
        template: {
          metadata: { labels: { 'app.kubernetes.io/name': 'db' } },
          spec: { containers: [{ name: 'db', image: 'redis:7.2', ports: [{ containerPort: 8080 }] }] },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'state' },
            spec: {
              storageClassName: 'manual',
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: '1Gi' } },
            },
          },
        ],
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta('report'),
      spec: {
        schedule: '*/5 * * * *',
        jobTemplate: {
          spec: {
            template: { spec: { restartPolicy: 'Never', containers: [{ name: 'r', image: 'busybox:1.36' }] } },
          },
        },
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('web'),
      spec: {
        tls: [{ hosts: ['shop.example.com'], secretName: 'web-tls' }],
        rules: [
          {
            host: 'shop.example.com',
            http: {
              paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }],
            },
          },
        ],
      },
    },
  ];
  return manifests.map((manifest) => ({ path: `shop/${manifest.kind}-${manifest.metadata.name}`, manifest }));
}

/** No external objects. */
export { NO_EXTERNAL };

/** The environment the baseline is checked in: Kubernetes 1.27, nothing external. */
export const TEST_ENV: CheckedEnvironment = { name: 'test', kubernetesVersion: '1.27', external: NO_EXTERNAL };

/** The baseline with one object changed by `change`. */
export function withChange(kind: string, name: string, change: (manifest: AnyManifest) => void): RenderedObject[] {
  const objects = baseline();
  const object = objects.find(
    (candidate) => candidate.manifest.kind === kind && candidate.manifest.metadata.name === name,
  );
  if (object === undefined) {
    throw new Error(`no ${kind} ${name} in the baseline`);
  }
  change(object.manifest);
  return objects;
}

const POLICY = new Set(RULES.filter((rule) => rule.exemptible).map((rule) => rule.id));

/** The reference and value findings of `objects`, as `rule: message` lines. */
export function findings(objects: RenderedObject[], external = NO_EXTERNAL): string[] {
  return runChecks(objects, { ...TEST_ENV, external })
    .findings.filter((finding: Finding) => !POLICY.has(finding.rule))
    .map((finding: Finding) => `${finding.rule}: ${finding.message}`);
}

/** The policy findings of `objects`, as `rule: message` lines. */
export function policyFindings(objects: RenderedObject[], external = NO_EXTERNAL): string[] {
  return runChecks(objects, { ...TEST_ENV, external })
    .findings.filter((finding: Finding) => POLICY.has(finding.rule) || finding.rule === 'exemption')
    .map((finding: Finding) => `${finding.rule}: ${finding.message}`);
}
