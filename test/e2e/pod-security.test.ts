import { runChecks } from '../../lib/checks/run-checks';
import { NO_EXTERNAL } from '../../lib/config/environment';
import { AnyManifest } from '../helpers';
import { kubectl, kubectlResult, serverRelease } from './kubectl';

jest.setTimeout(120_000);

/**
 * Proof of pod-security-admission (lib/checks/pod-security-standard.ts) on the real API server: namespaces that
 * enforce baseline and restricted at the server's release, and others at 1.27, 1.37 and latest, are created for real;
 * then each pod of the table is offered to the server (a server-side dry run, which runs admission and stores nothing)
 * and to our rule, in every namespace, and both must give the same verdict in the same words: the server's "violates
 * PodSecurity" detail is what our findings say, joined as the server joins its checks.
 */
const RELEASE = serverRelease();

/** The namespaces of the test: the profile and the version they enforce. */
const NAMESPACES: readonly { name: string; level: string; version: string }[] = [
  { name: 'pss-e2e-baseline', level: 'baseline', version: `v${RELEASE}` },
  { name: 'pss-e2e-restricted', level: 'restricted', version: `v${RELEASE}` },
  { name: 'pss-e2e-baseline-v1-27', level: 'baseline', version: 'v1.27' },
  // A version beyond the server's release, and latest, come to the server's own.
  { name: 'pss-e2e-baseline-v1-37', level: 'baseline', version: 'v1.37' },
  { name: 'pss-e2e-restricted-latest', level: 'restricted', version: 'latest' },
];

function namespaceManifest(namespace: (typeof NAMESPACES)[number]): AnyManifest {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: namespace.name,
      labels: {
        'pod-security.kubernetes.io/enforce': namespace.level,
        'pod-security.kubernetes.io/enforce-version': namespace.version,
      },
    },
  };
}

type Patch = Record<string, unknown>;

/** The container settings restricted asks for. */
const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
};

/**
 * A pod that passes restricted, with `container` merged into its container's securityContext and `pod` into its spec
 * (`pod.securityContext` merged into the pod's), and `metadata` into its metadata.
 */
function pod(patches: { container?: Patch; containerFields?: Patch; pod?: Patch; metadata?: Patch } = {}): AnyManifest {
  const { securityContext, ...spec } = (patches.pod ?? {}) as { securityContext?: Patch };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'pss', ...patches.metadata },
    spec: {
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 10001,
        seccompProfile: { type: 'RuntimeDefault' },
        ...securityContext,
      },
      containers: [
        {
          name: 'app',
          image: 'nginx:1.25',
          securityContext: { ...RESTRICTED_CONTAINER, ...patches.container },
          ...patches.containerFields,
        },
      ],
      ...spec,
    },
  };
}

/** A pod with `securityContext.sysctls` of these names. */
const sysctls = (...names: string[]) =>
  pod({ pod: { securityContext: { sysctls: names.map((name) => ({ name, value: '1' })) } } });

const since = (release: string): boolean => Number(RELEASE.split('.')[1]) >= Number(release.split('.')[1]);

/** Pods, each breaking (or keeping) one check; the verdicts in each namespace come from the server. */
const PODS: readonly (readonly [string, AnyManifest])[] = [
  ['a pod that passes restricted', pod()],
  ['hostNetwork', pod({ pod: { hostNetwork: true } })],
  ['hostPID and hostIPC', pod({ pod: { hostPID: true, hostIPC: true } })],
  ['a privileged container', pod({ container: { privileged: true, allowPrivilegeEscalation: true } })],
  [
    'a capability beyond the default set',
    pod({ container: { capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'SYS_TIME'] } } }),
  ],
  ['a default capability, CHOWN', pod({ container: { capabilities: { drop: ['ALL'], add: ['CHOWN'] } } })],
  [
    'NET_BIND_SERVICE, the one restricted allows',
    pod({ container: { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } }),
  ],
  ['capabilities that do not drop ALL', pod({ container: { capabilities: { drop: ['NET_RAW'] } } })],
  ['no securityContext in the container', pod({ containerFields: { securityContext: undefined } })],
  ['a hostPath volume', pod({ pod: { volumes: [{ name: 'host', hostPath: { path: '/var/log' } }] } })],
  ['an nfs volume', pod({ pod: { volumes: [{ name: 'share', nfs: { server: 'nfs.example.com', path: '/srv' } }] } })],
  [
    'volumes restricted allows',
    pod({
      pod: {
        volumes: [
          { name: 'cache', emptyDir: {} },
          { name: 'settings', configMap: { name: 'settings' } },
          { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
        ],
      },
    }),
  ],
  ['a hostPort', pod({ containerFields: { ports: [{ containerPort: 8080, hostPort: 8080 }] } })],
  [
    'an unconfined AppArmor annotation',
    pod({ metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } } }),
  ],
  [
    'a localhost AppArmor annotation',
    pod({ metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'localhost/app' } } }),
  ],
  [
    'a runtime/default AppArmor annotation',
    pod({ metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default' } } }),
  ],
  ['SELinux type spc_t', pod({ container: { seLinuxOptions: { type: 'spc_t' } } })],
  [
    'SELinux user and role',
    pod({ pod: { securityContext: { seLinuxOptions: { user: 'system_u', role: 'system_r' } } } }),
  ],
  ['SELinux type container_engine_t', pod({ container: { seLinuxOptions: { type: 'container_engine_t' } } })],
  ['seccomp Unconfined', pod({ pod: { securityContext: { seccompProfile: { type: 'Unconfined' } } } })],
  ['no seccomp profile', pod({ pod: { securityContext: { seccompProfile: undefined } } })],
  [
    'seccomp on the container alone',
    pod({
      pod: { securityContext: { seccompProfile: undefined } },
      container: { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/app.json' } },
    }),
  ],
  ['allowPrivilegeEscalation unset', pod({ container: { allowPrivilegeEscalation: undefined } })],
  ['runAsNonRoot false on the container', pod({ container: { runAsNonRoot: false } })],
  ['runAsNonRoot unset', pod({ pod: { securityContext: { runAsNonRoot: undefined } } })],
  ['runAsUser 0', pod({ container: { runAsUser: 0 } })],
  [
    'an init container without securityContext',
    pod({ pod: { initContainers: [{ name: 'setup', image: 'busybox:1.36', command: ['true'] }] } }),
  ],
  ['a safe sysctl of 1.27', sysctls('net.ipv4.ip_local_reserved_ports')],
  ['a sysctl safe from 1.29', sysctls('net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout')],
  ['a sysctl safe from 1.32', sysctls('net.ipv4.tcp_rmem')],
  ['a sysctl safe from 1.37', sysctls('net.ipv4.tcp_slow_start_after_idle')],
  ['an unsafe sysctl', sysctls('kernel.msgmax', 'net.ipv4.tcp_syncookies')],
  ['a probe with a host', pod({ containerFields: { readinessProbe: { httpGet: { host: '10.0.0.1', port: 8080 } } } })],
  [
    'a Windows hostProcess pod',
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pss' },
      spec: {
        os: { name: 'windows' },
        hostNetwork: true,
        securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
        containers: [{ name: 'app', image: 'nginx:1.25' }],
      },
    },
  ],
  // procMount is kept from 1.33 (1.27 drops it), and Unmasked needs a user namespace there.
  ['procMount Unmasked in a user namespace', pod({ pod: { hostUsers: false }, container: { procMount: 'Unmasked' } })],
  // The appArmorProfile field is 1.30's: 1.27 refuses it as an unknown field.
  ...(since('1.30')
    ? [['an Unconfined appArmorProfile', pod({ container: { appArmorProfile: { type: 'Unconfined' } } })] as const]
    : []),
];

/** The server's verdict on the pod in a namespace: "accepted", or the detail of its PodSecurity refusal. */
function serverVerdict(manifest: AnyManifest, namespace: string): string {
  const inNamespace = { ...manifest, metadata: { ...manifest.metadata, namespace } };
  const result = kubectlResult(['apply', '--dry-run=server', '-f', '-'], JSON.stringify(inNamespace));
  if (result.status === 0) {
    return 'accepted';
  }
  const refusal = /violates PodSecurity "[^"]+": (.*)$/m.exec(result.stderr);
  return refusal === null ? `refused otherwise: ${result.stderr.trim()}` : refusal[1];
}

/** Our verdict: "accepted", or the violations pod-security-admission finds, joined as the server joins them. */
function gateVerdict(manifest: AnyManifest, namespace: (typeof NAMESPACES)[number]): string {
  const inNamespace = { ...manifest, metadata: { ...manifest.metadata, namespace: namespace.name } };
  const { findings } = runChecks(
    [
      { path: 'pss/namespace', manifest: namespaceManifest(namespace) },
      { path: 'pss/pod', manifest: inNamespace },
    ],
    { name: 'pss', kubernetesVersion: RELEASE, external: NO_EXTERNAL },
  );
  const violations = findings
    .filter((finding) => finding.rule === 'pod-security-admission')
    .map((finding) => finding.message.replace(/^.*? refuses this Pod: /, ''));
  return violations.length === 0 ? 'accepted' : violations.join(', ');
}

describe(`Pod Security admission of Kubernetes ${RELEASE}, and pod-security-admission`, () => {
  beforeAll(() => {
    for (const namespace of NAMESPACES) {
      kubectlResult(['delete', 'namespace', namespace.name, '--ignore-not-found', '--wait=true', '--timeout=60s']);
      kubectl(['apply', '-f', '-'], JSON.stringify(namespaceManifest(namespace)));
    }
  });

  afterAll(() => {
    kubectl(['delete', 'namespace', ...NAMESPACES.map((namespace) => namespace.name), '--wait=false']);
  });

  it('has a pod the server refuses in each namespace, and one it accepts', () => {
    for (const namespace of NAMESPACES) {
      const verdicts = PODS.map(([, manifest]) => serverVerdict(manifest, namespace.name));
      expect(verdicts).toContain('accepted');
      expect(verdicts.some((verdict) => verdict !== 'accepted')).toBe(true);
    }
  });

  it('accepts a Deployment whose pods it refuses, warning in the words of our finding', () => {
    const template = pod({ pod: { hostNetwork: true }, container: { allowPrivilegeEscalation: undefined } });
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'pss', namespace: 'pss-e2e-restricted' },
      spec: {
        selector: { matchLabels: { app: 'pss' } },
        template: { metadata: { labels: { app: 'pss' } }, spec: template.spec },
      },
    };
    const result = kubectlResult(['apply', '--dry-run=server', '-f', '-'], JSON.stringify(deployment));
    const warning = /would violate PodSecurity "restricted:v[0-9.]+": (.*)$/m.exec(result.stderr)?.[1];
    const { findings } = runChecks(
      [
        { path: 'pss/namespace', manifest: namespaceManifest(NAMESPACES[1]) },
        { path: 'pss/deployment', manifest: deployment },
      ],
      { name: 'pss', kubernetesVersion: RELEASE, external: NO_EXTERNAL },
    );
    const refusals = findings.filter((finding) => finding.rule === 'pod-security-admission');
    expect({ status: result.status, warning }).toEqual({
      status: 0,
      warning: refusals.map((finding) => finding.message.replace(/^.*? so none runs: /, '')).join(', '),
    });
    expect(refusals[0].message).toContain(
      'the API server accepts the Deployment but refuses every pod its controller creates, so none runs',
    );
  });

  it('accepts a PodTemplate whose pods it would refuse, with a warning, which is our warning and no finding', () => {
    const template = pod({ pod: { hostNetwork: true }, container: { allowPrivilegeEscalation: undefined } });
    const podTemplate = {
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: { name: 'pss', namespace: 'pss-e2e-restricted' },
      template: { metadata: { labels: { app: 'pss' } }, spec: template.spec },
    };
    const result = kubectlResult(['apply', '--dry-run=server', '-f', '-'], JSON.stringify(podTemplate));
    const warning = /would violate PodSecurity "restricted:v[0-9.]+": (.*)$/m.exec(result.stderr)?.[1];
    const { findings, warnings } = runChecks(
      [
        { path: 'pss/namespace', manifest: namespaceManifest(NAMESPACES[1]) },
        { path: 'pss/pod-template', manifest: podTemplate },
      ],
      { name: 'pss', kubernetesVersion: RELEASE, external: NO_EXTERNAL },
    );
    expect(findings.filter((finding) => finding.rule === 'pod-security-admission')).toEqual([]);
    expect({ status: result.status, warning }).toEqual({
      status: 0,
      warning: warnings
        .filter((finding) => finding.rule === 'pod-security-admission')
        .map((finding) => finding.message.replace(/^.*? would refuse a pod made from it: /, ''))
        .join(', '),
    });
  });

  describe.each(NAMESPACES)('in a namespace that enforces $level:$version', (namespace) => {
    it.each(PODS)('%s: the same verdict, in the same words', (_name, manifest) => {
      expect(gateVerdict(manifest, namespace)).toBe(serverVerdict(manifest, namespace.name));
    });
  });
});
