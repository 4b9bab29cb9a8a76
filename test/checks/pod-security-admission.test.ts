import { App } from 'cdk8s';
import { AppChart } from '../../lib/charts/app-chart';
import { Finding } from '../../lib/checks/finding';
import { enforcedStandard } from '../../lib/checks/pod-security-admission';
import {
  StandardLevel,
  describeViolation,
  safeSysctls,
  standardChecks,
  standardViolations,
} from '../../lib/checks/pod-security-standard';
import { RULES, runChecks } from '../../lib/checks/run-checks';
import { NO_EXTERNAL } from '../../lib/config/environment';
import { PodSecurityLevel } from '../../lib/constructs/namespace';
import { Pod } from '../../lib/constructs/pod';
import { EXEMPT_ANNOTATION_PREFIX, exemptFromPolicy } from '../../lib/constructs/policy-exemption';
import { renderEnvironments } from '../../lib/synthesize';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest, DEV } from '../helpers';

const NS = 'shop';

/** A pod spec that passes restricted, changed by `edit`. */
function restrictedSpec(edit: (spec: AnyManifest, container: AnyManifest) => void = () => undefined): AnyManifest {
  const container = {
    name: 'app',
    image: 'nginx:1.27',
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  };
  const spec = {
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [container],
  };
  edit(spec, container);
  return spec;
}

/** The violations of a pod at a level and release, as the API server words them. */
function violations(
  spec: AnyManifest,
  level: StandardLevel,
  release = '1.37',
  annotations: Record<string, string> = {},
): string[] {
  return standardViolations({ metadata: { annotations }, spec }, level, release).map(describeViolation);
}

function namespace(labels: Record<string, string> | undefined, name = NS): RenderedObject {
  return { path: `test/${name}`, manifest: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } } };
}

function enforcing(level: string, version?: string, name = NS): RenderedObject {
  const labels: Record<string, string> = { 'pod-security.kubernetes.io/enforce': level };
  if (version !== undefined) {
    labels['pod-security.kubernetes.io/enforce-version'] = version;
  }
  return namespace(labels, name);
}

function podObject(spec: AnyManifest, metadata: AnyManifest = {}): RenderedObject {
  return {
    path: 'test/web/pod',
    manifest: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: NS, ...metadata }, spec },
  };
}

/** A Deployment of `spec`, with `annotations` on the Deployment and `podAnnotations` on its pod template. */
function deploymentObject(
  spec: AnyManifest,
  annotations?: Record<string, string>,
  podAnnotations?: Record<string, string>,
): RenderedObject {
  return {
    path: 'test/web/deployment',
    manifest: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: NS, annotations },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' }, annotations: podAnnotations }, spec },
      },
    },
  };
}

/** The findings of pod-security-admission on the objects, in an environment of `release`. */
function ruleFindings(objects: RenderedObject[], release = '1.27', external = NO_EXTERNAL): Finding[] {
  return runChecks(objects, { name: 'test', kubernetesVersion: release, external }).findings.filter(
    (finding) => finding.rule === 'pod-security-admission',
  );
}

const messages = (findings: Finding[]) => findings.map((finding) => finding.message);

describe('the Pod Security Standards, as the API server evaluates them', () => {
  it('passes a pod that sets what restricted asks, at both levels', () => {
    expect(violations(restrictedSpec(), 'restricted')).toEqual([]);
    expect(violations(restrictedSpec(), 'baseline')).toEqual([]);
  });

  it('lets baseline take a pod with no securityContext at all, which restricted refuses four times over', () => {
    const spec = { containers: [{ name: 'app', image: 'nginx:1.27' }] };
    expect(violations(spec, 'baseline')).toEqual([]);
    expect(violations(spec, 'restricted')).toEqual([
      'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
      'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])',
      'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)',
      'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    ]);
  });

  describe('baseline checks, which restricted keeps', () => {
    const cases: [string, (spec: AnyManifest, container: AnyManifest) => void, string][] = [
      [
        'hostProcess',
        (spec) => (spec.securityContext.windowsOptions = { hostProcess: true }),
        'hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)',
      ],
      [
        'host namespaces',
        (spec) => Object.assign(spec, { hostNetwork: true, hostPID: true, hostIPC: true }),
        'host namespaces (hostNetwork=true, hostPID=true, hostIPC=true)',
      ],
      [
        'privileged',
        (_spec, container) => (container.securityContext.privileged = true),
        'privileged (container "app" must not set securityContext.privileged=true)',
      ],
      [
        'hostPort',
        (_spec, container) =>
          (container.ports = [
            { containerPort: 80, hostPort: 8080 },
            { containerPort: 90, hostPort: 10090 },
          ]),
        'hostPort (container "app" uses hostPorts 10090, 8080)',
      ],
      [
        'SELinux',
        (spec, container) => {
          spec.securityContext.seLinuxOptions = { user: 'system_u' };
          container.securityContext.seLinuxOptions = { type: 'spc_t', role: 'system_r' };
        },
        'seLinuxOptions (pod and container "app" set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set; role may not be set)',
      ],
      [
        'procMount',
        (_spec, container) => (container.securityContext.procMount = 'Unmasked'),
        'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
      ],
      [
        'sysctls',
        (spec) =>
          (spec.securityContext.sysctls = [
            { name: 'kernel.msgmax', value: '1' },
            { name: 'net.ipv4.tcp_syncookies', value: '1' },
            { name: 'vm.swappiness', value: '1' },
          ]),
        'forbidden sysctls (kernel.msgmax, vm.swappiness)',
      ],
      [
        'probe and lifecycle hosts',
        (_spec, container) => {
          container.livenessProbe = { httpGet: { host: 'b.example', port: 80 } };
          container.lifecycle = { preStop: { tcpSocket: { host: 'a.example', port: 80 } } };
        },
        'probe or lifecycle host (container "app" uses probe or lifecycle hosts "a.example", "b.example")',
      ],
      [
        'an AppArmor profile field',
        (spec) => (spec.securityContext.appArmorProfile = { type: 'Unconfined' }),
        'forbidden AppArmor profile (pod must not set AppArmor profile type to "Unconfined")',
      ],
    ];

    it.each(cases)('refuses %s at baseline and restricted', (_name, edit, expected) => {
      expect(violations(restrictedSpec(edit), 'baseline')).toEqual([expected]);
      expect(violations(restrictedSpec(edit), 'restricted')).toEqual([expected]);
    });
  });

  describe('checks restricted replaces with stricter ones', () => {
    it('refuses a capability beyond the default set at baseline, and any but NET_BIND_SERVICE at restricted', () => {
      const spec = restrictedSpec(
        (_spec, container) => (container.securityContext.capabilities.add = ['SYS_TIME', 'CHOWN']),
      );
      expect(violations(spec, 'baseline')).toEqual([
        'non-default capabilities (container "app" must not include "SYS_TIME" in securityContext.capabilities.add)',
      ]);
      expect(violations(spec, 'restricted')).toEqual([
        'unrestricted capabilities (container "app" must not include "CHOWN", "SYS_TIME" in securityContext.capabilities.add)',
      ]);
      const bind = restrictedSpec(
        (_spec, container) => (container.securityContext.capabilities.add = ['NET_BIND_SERVICE']),
      );
      expect(violations(bind, 'restricted')).toEqual([]);
    });

    it('refuses a hostPath volume at baseline, and any volume type but the restricted ones at restricted', () => {
      const spec = restrictedSpec((pod) => {
        pod.volumes = [
          { name: 'logs', hostPath: { path: '/var/log' } },
          { name: 'share', nfs: { server: 'nfs', path: '/' } },
          { name: 'cache', emptyDir: {} },
          { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
        ];
      });
      expect(violations(spec, 'baseline')).toEqual(['hostPath volumes (volume "logs")']);
      expect(violations(spec, 'restricted')).toEqual([
        'restricted volume types (volumes "logs", "share" use restricted volume types "hostPath", "nfs")',
      ]);
    });

    it('refuses seccomp Unconfined at baseline, and an unset profile only at restricted', () => {
      const unconfined = restrictedSpec((spec) => (spec.securityContext.seccompProfile = { type: 'Unconfined' }));
      const expected = 'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")';
      expect(violations(unconfined, 'baseline')).toEqual([expected]);
      expect(violations(unconfined, 'restricted')).toEqual([expected]);
      const unset = restrictedSpec((spec) => delete spec.securityContext.seccompProfile);
      expect(violations(unset, 'baseline')).toEqual([]);
      const containerSet = restrictedSpec((spec, container) => {
        delete spec.securityContext.seccompProfile;
        container.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'app.json' };
      });
      expect(violations(containerSet, 'restricted')).toEqual([]);
    });
  });

  describe('restricted checks', () => {
    it('refuses allowPrivilegeEscalation left unset', () => {
      const spec = restrictedSpec((_spec, container) => delete container.securityContext.allowPrivilegeEscalation);
      expect(violations(spec, 'restricted')).toEqual([
        'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
      ]);
      expect(violations(spec, 'baseline')).toEqual([]);
    });

    it('refuses runAsNonRoot false on the pod or a container, and unset on both', () => {
      const explicit = restrictedSpec((_spec, container) => (container.securityContext.runAsNonRoot = false));
      expect(violations(explicit, 'restricted')).toEqual([
        'runAsNonRoot != true (container "app" must not set securityContext.runAsNonRoot=false)',
      ]);
      const unset = restrictedSpec((spec) => delete spec.securityContext.runAsNonRoot);
      expect(violations(unset, 'restricted')).toEqual([
        'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)',
      ]);
    });

    it('refuses runAsUser 0', () => {
      const spec = restrictedSpec((spec, container) => {
        spec.securityContext.runAsUser = 0;
        container.securityContext.runAsUser = 0;
      });
      expect(violations(spec, 'restricted')).toEqual([
        'runAsUser=0 (pod and container "app" must not set runAsUser=0)',
      ]);
    });

    it('checks init and ephemeral containers as well, in the order the library visits them', () => {
      const spec = restrictedSpec((pod) => {
        pod.initContainers = [{ name: 'setup', image: 'busybox:1.36', securityContext: { privileged: true } }];
        pod.ephemeralContainers = [{ name: 'debug', image: 'busybox:1.36', securityContext: { privileged: true } }];
      });
      expect(violations(spec, 'baseline')).toEqual([
        'privileged (containers "setup", "debug" must not set securityContext.privileged=true)',
      ]);
      expect(violations(spec, 'restricted')[1]).toBe(
        'allowPrivilegeEscalation != false (containers "setup", "debug" must set securityContext.allowPrivilegeEscalation=false)',
      );
    });

    it('lets a Windows pod leave out the Linux-only fields', () => {
      const spec = { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'app' }] };
      expect(violations(spec, 'restricted')).toEqual([]);
    });
  });

  describe('versions', () => {
    it('lets a pod in a user namespace run as root with any procMount from 1.35, at baseline; restricted still refuses the procMount', () => {
      const spec = restrictedSpec((pod, container) => {
        pod.hostUsers = false;
        delete pod.securityContext.runAsNonRoot;
        container.securityContext.procMount = 'Unmasked';
      });
      expect(violations(spec, 'baseline', '1.35')).toEqual([]);
      expect(violations(spec, 'baseline', '1.34')).toEqual([
        'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
      ]);
      expect(violations(spec, 'restricted', '1.35')).toEqual([
        'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
      ]);
      expect(standardChecks('restricted', '1.35')).toContain('procMount_restricted');
      expect(standardChecks('restricted', '1.34')).not.toContain('procMount_restricted');
    });

    it('takes more sysctls as releases go: ip_local_reserved_ports from 1.27, the keepalives from 1.29, and so on', () => {
      const sysctl = (name: string) =>
        restrictedSpec((spec) => (spec.securityContext.sysctls = [{ name, value: '1' }]));
      expect(violations(sysctl('net.ipv4.ip_local_reserved_ports'), 'baseline', '1.27')).toEqual([]);
      expect(violations(sysctl('net.ipv4.tcp_keepalive_time'), 'baseline', '1.28')).toEqual([
        'forbidden sysctls (net.ipv4.tcp_keepalive_time)',
      ]);
      expect(violations(sysctl('net.ipv4.tcp_keepalive_time'), 'baseline', '1.29')).toEqual([]);
      expect(violations(sysctl('net.ipv4.tcp_rmem'), 'baseline', '1.31')).toHaveLength(1);
      expect(violations(sysctl('net.ipv4.tcp_rmem'), 'baseline', '1.32')).toEqual([]);
      expect(violations(sysctl('net.ipv4.tcp_notsent_lowat'), 'baseline', '1.36')).toHaveLength(1);
      expect(violations(sysctl('net.ipv4.tcp_notsent_lowat'), 'baseline', '1.37')).toEqual([]);
      expect(safeSysctls('1.29')).toEqual(
        expect.arrayContaining(['net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_probes']),
      );
    });

    it('takes the SELinux type container_engine_t from 1.31', () => {
      const spec = restrictedSpec(
        (_spec, container) => (container.securityContext.seLinuxOptions = { type: 'container_engine_t' }),
      );
      expect(violations(spec, 'baseline', '1.30')).toEqual([
        'seLinuxOptions (container "app" set forbidden securityContext.seLinuxOptions: type "container_engine_t")',
      ]);
      expect(violations(spec, 'baseline', '1.31')).toEqual([]);
    });

    it('checks the hosts of probes and lifecycle handlers from 1.34', () => {
      const spec = restrictedSpec(
        (_spec, container) => (container.readinessProbe = { tcpSocket: { host: '10.0.0.1', port: 80 } }),
      );
      expect(violations(spec, 'baseline', '1.33')).toEqual([]);
      expect(violations(spec, 'baseline', '1.34')).toEqual([
        'probe or lifecycle host (container "app" uses probe or lifecycle host "10.0.0.1")',
      ]);
    });

    it("judges AppArmor by the server's release: 1.27's lists the annotations alone and drops the field", () => {
      const spec = restrictedSpec((pod) => (pod.securityContext.appArmorProfile = { type: 'Unconfined' }));
      const annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' };
      const on = (server: string) =>
        standardViolations({ metadata: { annotations }, spec }, 'baseline', '1.27', server).map(describeViolation);
      expect(on('1.27')).toEqual([
        'forbidden AppArmor profile (container.apparmor.security.beta.kubernetes.io/app="unconfined")',
      ]);
      expect(on('1.37')).toEqual([
        'forbidden AppArmor profiles (pod and annotation must not set AppArmor profile type to "Unconfined", ' +
          '"container.apparmor.security.beta.kubernetes.io/app="unconfined"")',
      ]);
    });

    it('counts an unconfined annotation as the container setting the field, as an API server from 1.30 copies it', () => {
      const annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' };
      expect(violations(restrictedSpec(), 'baseline', '1.37', annotations)).toEqual([
        'forbidden AppArmor profiles (container "app" and annotation must not set AppArmor profile type to "Unconfined", ' +
          '"container.apparmor.security.beta.kubernetes.io/app="unconfined"")',
      ]);
      const allowed = { 'container.apparmor.security.beta.kubernetes.io/app': 'localhost/app' };
      expect(violations(restrictedSpec(), 'baseline', '1.37', allowed)).toEqual([]);
    });

    it('ignores procMount on a server before 1.33, which drops the field', () => {
      const spec = restrictedSpec((_spec, container) => (container.securityContext.procMount = 'Unmasked'));
      expect(standardViolations({ spec }, 'baseline', '1.27', '1.27')).toEqual([]);
      expect(standardViolations({ spec }, 'baseline', '1.27', '1.33')).toHaveLength(1);
    });

    it("lists baseline's checks before restricted's, each sorted by id, as the API server does", () => {
      expect(standardChecks('restricted', '1.37')).toEqual([
        'appArmorProfile',
        'hostNamespaces',
        'hostPorts',
        'hostProbesAndHostLifecycle',
        'privileged',
        'seLinuxOptions',
        'sysctls',
        'windowsHostProcess',
        'allowPrivilegeEscalation',
        'capabilities_restricted',
        'procMount_restricted',
        'restrictedVolumes',
        'runAsNonRoot',
        'runAsUser',
        'seccompProfile_restricted',
      ]);
      expect(standardChecks('baseline', '1.27')).toEqual([
        'appArmorProfile',
        'capabilities_baseline',
        'hostNamespaces',
        'hostPathVolumes',
        'hostPorts',
        'privileged',
        'procMount',
        'seLinuxOptions',
        'seccompProfile_baseline',
        'sysctls',
        'windowsHostProcess',
      ]);
    });
  });
});

describe('the profile a namespace enforces', () => {
  it('reads the level and version, capping the version at the cluster release', () => {
    expect(enforcedStandard(enforcing('restricted', 'v1.29'), '1.37')).toEqual({
      level: 'restricted',
      version: 'v1.29',
      release: '1.29',
    });
    expect(enforcedStandard(enforcing('baseline', 'v1.37'), '1.27')).toEqual({
      level: 'baseline',
      version: 'v1.37',
      release: '1.27',
    });
  });

  it("takes latest, a missing version and an unreadable one as the cluster's release", () => {
    expect(enforcedStandard(enforcing('restricted', 'latest'), '1.37')?.release).toBe('1.37');
    expect(enforcedStandard(enforcing('restricted'), '1.37')).toEqual({
      level: 'restricted',
      version: 'latest',
      release: '1.37',
    });
    expect(enforcedStandard(enforcing('restricted', '1.29'), '1.37')?.release).toBe('1.37');
  });

  it('enforces nothing at privileged, without the label, or with a label that is no level', () => {
    expect(enforcedStandard(enforcing('privileged', 'v1.27'), '1.27')).toBeUndefined();
    expect(enforcedStandard(namespace(undefined), '1.27')).toBeUndefined();
    expect(enforcedStandard(enforcing('Restricted', 'v1.27'), '1.27')).toBeUndefined();
  });
});

describe('pod-security-admission', () => {
  const privilegedSpec = () => restrictedSpec((_spec, container) => (container.securityContext.privileged = true));

  it("refuses a Pod the namespace's profile refuses, naming the profile, the violation and the fixes", () => {
    const findings = ruleFindings([enforcing('restricted', 'v1.27'), podObject(privilegedSpec())]);
    expect(findings.map((finding) => [finding.message, finding.fix])).toEqual([
      [
        'namespace "shop" enforces Pod Security "restricted:v1.27", and the API server refuses this Pod: privileged ' +
          '(container "app" must not set securityContext.privileged=true)',
        "leave securityContext.privileged out (or false); or, if the pod truly needs it, lower the namespace's level " +
          "(the Namespace construct's podSecurity: PodSecurityLevel.PRIVILEGED) and say why beside it",
      ],
    ]);
  });

  it('says that a workload is accepted and its pods are not, and offers baseline for a restricted check', () => {
    const spec = restrictedSpec((_spec, container) => delete container.securityContext.allowPrivilegeEscalation);
    const findings = ruleFindings([enforcing('restricted', 'v1.27'), deploymentObject(spec)]);
    expect(findings.map((finding) => [finding.message, finding.fix])).toEqual([
      [
        'namespace "shop" enforces Pod Security "restricted:v1.27", and the API server accepts the Deployment but ' +
          'refuses every pod its controller creates, so none runs: allowPrivilegeEscalation != false (container "app" ' +
          'must set securityContext.allowPrivilegeEscalation=false)',
        'set securityContext.allowPrivilegeEscalation: false in each container; or, if the pod truly needs it, lower ' +
          "the namespace's level (the Namespace construct's podSecurity: PodSecurityLevel.BASELINE) and say why beside it",
      ],
    ]);
  });

  it('warns of a PodTemplate, which the API server takes with a warning and no controller makes pods of', () => {
    const podTemplate: RenderedObject = {
      path: 'test/web/pod-template',
      manifest: {
        apiVersion: 'v1',
        kind: 'PodTemplate',
        metadata: { name: 'web', namespace: NS },
        template: { metadata: { labels: { app: 'web' } }, spec: privilegedSpec() },
      },
    };
    const result = runChecks([enforcing('baseline', 'v1.27'), podTemplate], {
      name: 'test',
      kubernetesVersion: '1.27',
      external: NO_EXTERNAL,
    });
    expect(result.findings.filter((finding) => finding.rule === 'pod-security-admission')).toEqual([]);
    expect(
      result.warnings
        .filter((finding) => finding.rule === 'pod-security-admission')
        .map((finding) => [finding.message, finding.fix]),
    ).toEqual([
      [
        'namespace "shop" enforces Pod Security "baseline:v1.27", and the API server accepts the PodTemplate with a ' +
          'warning, but would refuse a pod made from it: privileged (container "app" must not set securityContext.privileged=true)',
        "leave securityContext.privileged out (or false); or, if the pod truly needs it, lower the namespace's level " +
          "(the Namespace construct's podSecurity: PodSecurityLevel.PRIVILEGED) and say why beside it",
      ],
    ]);
  });

  it('reads the pod template of a CronJob', () => {
    const cronJob: RenderedObject = {
      path: 'test/web/cronjob',
      manifest: {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'web', namespace: NS },
        spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: privilegedSpec() } } } },
      },
    };
    expect(messages(ruleFindings([enforcing('baseline', 'v1.27'), cronJob]))).toEqual([
      'namespace "shop" enforces Pod Security "baseline:v1.27", and the API server accepts the CronJob but refuses ' +
        'every pod its controller creates, so none runs: privileged (container "app" must not set securityContext.privileged=true)',
    ]);
  });

  it('reads the annotations of the pod template, not of the workload', () => {
    const annotated = deploymentObject(restrictedSpec(), undefined, {
      'container.apparmor.security.beta.kubernetes.io/app': 'unconfined',
    });
    expect(messages(ruleFindings([enforcing('baseline', 'v1.27'), annotated]))).toEqual([
      'namespace "shop" enforces Pod Security "baseline:v1.27", and the API server accepts the Deployment but refuses ' +
        'every pod its controller creates, so none runs: forbidden AppArmor profile ' +
        '(container.apparmor.security.beta.kubernetes.io/app="unconfined")',
    ]);
    const onWorkload = deploymentObject(restrictedSpec(), {
      'container.apparmor.security.beta.kubernetes.io/app': 'unconfined',
    });
    expect(ruleFindings([enforcing('baseline', 'v1.27'), onWorkload])).toEqual([]);
  });

  it('reports one finding per violated check', () => {
    const spec = restrictedSpec((pod, container) => {
      pod.hostNetwork = true;
      container.securityContext.runAsUser = 0;
    });
    expect(
      ruleFindings([enforcing('restricted', 'v1.27'), podObject(spec)]).map(
        (finding) => finding.message.split(': ')[1],
      ),
    ).toEqual(['host namespaces (hostNetwork=true)', 'runAsUser=0 (container "app" must not set runAsUser=0)']);
  });

  it('applies the baseline profile at baseline, leaving restricted checks alone', () => {
    const spec = { containers: [{ name: 'app', image: 'nginx:1.27' }] };
    expect(ruleFindings([enforcing('baseline', 'v1.27'), podObject(spec)])).toEqual([]);
    expect(ruleFindings([enforcing('restricted', 'v1.27'), podObject(spec)])).toHaveLength(4);
  });

  it('skips a privileged namespace, and one without the enforce label', () => {
    expect(ruleFindings([enforcing('privileged', 'v1.27'), podObject(privilegedSpec())])).toEqual([]);
    expect(ruleFindings([namespace(undefined), podObject(privilegedSpec())])).toEqual([]);
  });

  it('skips a namespace the project does not make (external), whose labels it cannot know', () => {
    const external = { ...NO_EXTERNAL, namespaces: [NS] };
    expect(ruleFindings([podObject(privilegedSpec())], '1.27', external)).toEqual([]);
  });

  it('applies the version of the enforce-version label: a sysctl safe from 1.29 is refused at v1.27 on a 1.37 cluster', () => {
    const spec = restrictedSpec(
      (pod) => (pod.securityContext.sysctls = [{ name: 'net.ipv4.tcp_fin_timeout', value: '30' }]),
    );
    expect(messages(ruleFindings([enforcing('baseline', 'v1.27'), podObject(spec)], '1.37'))).toEqual([
      'namespace "shop" enforces Pod Security "baseline:v1.27", and the API server refuses this Pod: forbidden ' +
        'sysctls (net.ipv4.tcp_fin_timeout)',
    ]);
    expect(ruleFindings([enforcing('baseline', 'v1.29'), podObject(spec)], '1.37')).toEqual([]);
  });

  it("says which profile a version beyond the cluster's release, or latest, comes to", () => {
    const spec = restrictedSpec(
      (pod) => (pod.securityContext.sysctls = [{ name: 'net.ipv4.tcp_fin_timeout', value: '30' }]),
    );
    expect(messages(ruleFindings([enforcing('baseline', 'latest'), podObject(spec)], '1.27'))).toEqual([
      'namespace "shop" enforces Pod Security "baseline:latest" (the 1.27 profile), and the API server refuses this ' +
        'Pod: forbidden sysctls (net.ipv4.tcp_fin_timeout)',
    ]);
    expect(messages(ruleFindings([enforcing('baseline', 'v1.37'), podObject(spec)], '1.27'))[0]).toContain(
      '"baseline:v1.37" (the 1.27 profile)',
    );
  });

  it('cannot be exempted by annotation: the API server refuses the pod whatever it says', () => {
    const exempted = podObject(privilegedSpec(), {
      annotations: { [`${EXEMPT_ANNOTATION_PREFIX}pod-security-admission`]: 'the agent needs the host' },
    });
    const result = runChecks([enforcing('restricted', 'v1.27'), exempted], {
      name: 'test',
      kubernetesVersion: '1.27',
      external: NO_EXTERNAL,
    });
    const lines = result.findings
      .filter((finding) => finding.rule === 'exemption' || finding.rule === 'pod-security-admission')
      .map((finding) => `${finding.rule}: ${finding.message.split(':')[0]}`);
    expect(lines).toEqual([
      'exemption: "pod-security-admission" is not a policy rule that can be exempted',
      'pod-security-admission: namespace "shop" enforces Pod Security "restricted',
    ]);
    expect(RULES.find((rule) => rule.id === 'pod-security-admission')?.exemptible).toBeFalsy();
  });

  it('fails the synthesis of a privileged Pod exempted from the policy rules in a baseline namespace, and passes it in a privileged one', () => {
    const build = (podSecurity: PodSecurityLevel) => () => {
      const app = new App();
      const chart = new AppChart(app, 'agents', { env: DEV, namespace: 'agents', podSecurity });
      const pod = new Pod(chart, 'agent', { containers: [{ name: 'app', image: 'nginx:1.27', privileged: true }] });
      exemptFromPolicy(pod.apiObject, {
        rules: ['privileged', 'security-context'],
        reason: 'the agent loads kernel modules',
      });
      return app;
    };
    expect(() => renderEnvironments({ environments: [DEV], build: build(PodSecurityLevel.BASELINE) })).toThrow(
      'pod-security-admission: Pod agents/agent (construct agents/agent/Resource)\n' +
        '    namespace "agents" enforces Pod Security "baseline:v1.27", and the API server refuses this Pod: privileged ' +
        '(container "app" must not set securityContext.privileged=true)\n' +
        "    fix: leave securityContext.privileged out (or false); or, if the pod truly needs it, lower the namespace's " +
        "level (the Namespace construct's podSecurity: PodSecurityLevel.PRIVILEGED) and say why beside it",
    );
    expect(() => renderEnvironments({ environments: [DEV], build: build(PodSecurityLevel.PRIVILEGED) })).not.toThrow();
  });
});
