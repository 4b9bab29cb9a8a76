import * as kplus from 'cdk8s-plus-27';
import { Pod } from '../../lib/constructs/pod';
import { DnsPolicy, FsGroupChangePolicy, RestartPolicy } from '../../lib/constructs/pod-spec';
import { TerminationMessagePolicy } from '../../lib/constructs/container';
import { SecretRef } from '../../lib/constructs/references';
import { Volume } from '../../lib/constructs/volume';
import { findObject, testChart } from '../helpers';

const app = { name: 'app', image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }] };
const sidecar = { name: 'sidecar', image: 'busybox:1.36', command: ['sh', '-c', 'wget http://localhost:8080/'] };

describe('Pod', () => {
  it('holds several containers in one pod, which share its network address', () => {
    const chart = testChart();
    new Pod(chart, 'web', { containers: [app, sidecar] });
    const pod = findObject(chart, 'Pod', 'web');
    expect(pod.spec.containers.map((c: { name: string }) => c.name)).toEqual(['app', 'sidecar']);
    expect(pod.spec.hostNetwork).toBeUndefined();
  });

  it('is named after its id and labelled with readable labels', () => {
    const chart = testChart();
    new Pod(chart, 'web', { containers: [app] });
    const pod = findObject(chart, 'Pod', 'web');
    expect(pod.metadata.namespace).toBe('ns');
    expect(pod.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'web',
      'app.kubernetes.io/instance': 'test-dev',
      'app.kubernetes.io/part-of': 'test',
      'app.kubernetes.io/version': '1.27',
    });
  });

  it('runs with seccomp RuntimeDefault and as non-root at pod level', () => {
    const chart = testChart();
    new Pod(chart, 'web', { containers: [app] });
    expect(findObject(chart, 'Pod', 'web').spec.securityContext).toEqual({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('mounts no API token unless it runs as a ServiceAccount', () => {
    const chart = testChart();
    new Pod(chart, 'plain', { containers: [app] });
    new Pod(chart, 'api-user', {
      containers: [app],
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'reader'),
    });
    expect(findObject(chart, 'Pod', 'plain').spec.automountServiceAccountToken).toBe(false);
    const apiUser = findObject(chart, 'Pod', 'api-user').spec;
    expect(apiUser.serviceAccountName).toBe('reader');
    expect(apiUser.automountServiceAccountToken).toBe(true);
  });

  it('lists a volume mounted by two containers once', () => {
    const chart = testChart();
    const shared = Volume.fromEmptyDir('shared');
    new Pod(chart, 'web', {
      containers: [
        { ...app, mounts: [{ volume: shared, path: '/a' }] },
        { ...sidecar, mounts: [{ volume: Volume.fromEmptyDir('shared'), path: '/b' }] },
      ],
    });
    expect(findObject(chart, 'Pod', 'web').spec.volumes).toEqual([{ name: 'shared', emptyDir: {} }]);
  });

  it('takes a restart policy', () => {
    const chart = testChart();
    new Pod(chart, 'once', { containers: [app], restartPolicy: RestartPolicy.NEVER });
    expect(findObject(chart, 'Pod', 'once').spec.restartPolicy).toBe('Never');
  });

  it('fails for two containers of the same name', () => {
    expect(() => new Pod(testChart(), 'web', { containers: [app, { ...sidecar, name: 'app' }] })).toThrow(
      'test/web: container names must be unique, got "app" more than once; give each a name of its own',
    );
  });

  it('fails without containers', () => {
    expect(() => new Pod(testChart(), 'web', { containers: [] })).toThrow(
      'test/web: a pod needs at least one container, got none; add one to `containers`',
    );
  });

  it('fails for two different volumes of one name', () => {
    expect(
      () =>
        new Pod(testChart(), 'web', {
          containers: [{ ...app, mounts: [{ volume: Volume.fromEmptyDir('data'), path: '/a' }] }],
          volumes: [Volume.fromEmptyDir('data', { memory: true })],
        }),
    ).toThrow(
      'test/web: volume names must be unique in a pod, got two different volumes named "data"; pass a `name` to one',
    );
  });

  it('fails for a name that is not a DNS-1123 subdomain', () => {
    expect(() => new Pod(testChart(), 'Web', { containers: [app] })).toThrow(
      /test\/Web: name must be a DNS-1123 subdomain .* got "Web"/,
    );
  });

  it('pulls its images with the Secrets given, one made here or outside the project', () => {
    const chart = testChart();
    const registry = new kplus.Secret(chart, 'registry', { metadata: { name: 'registry' } });
    const mirror = SecretRef.fromName(chart, 'mirror', 'mirror-pull');
    new Pod(chart, 'web', { containers: [app], imagePullSecrets: [registry, mirror] });
    expect(findObject(chart, 'Pod', 'web').spec.imagePullSecrets).toEqual([
      { name: 'registry' },
      { name: 'mirror-pull' },
    ]);
  });

  it('fails for one pull Secret given twice, which server-side apply refuses (props-fuzz, seed 12)', () => {
    const chart = testChart();
    const registry = SecretRef.fromName(chart, 'registry', 'registry');
    const again = SecretRef.fromName(chart, 'again', 'registry');
    expect(() => new Pod(chart, 'web', { containers: [app], imagePullSecrets: [registry, again] })).toThrow(
      'test/web: imagePullSecrets[1] names Secret "registry", as imagePullSecrets[0] does; server-side apply ' +
        'refuses a list of one name twice: remove one of them',
    );
  });

  it('writes the DNS settings and /etc/hosts entries given', () => {
    const chart = testChart();
    new Pod(chart, 'web', {
      containers: [app],
      dnsConfig: {
        nameservers: ['10.0.0.53'],
        searches: ['corp.example.com'],
        options: { ndots: '2', 'single-request-reopen': '' },
      },
      hostAliases: { '10.0.0.5': ['legacy.internal', 'legacy'] },
    });
    const spec = findObject(chart, 'Pod', 'web').spec;
    expect(spec.dnsConfig).toEqual({
      nameservers: ['10.0.0.53'],
      searches: ['corp.example.com'],
      options: [{ name: 'ndots', value: '2' }, { name: 'single-request-reopen' }],
    });
    expect(spec.hostAliases).toEqual([{ ip: '10.0.0.5', hostnames: ['legacy.internal', 'legacy'] }]);
  });

  it.each([
    [
      { dnsConfig: { nameservers: ['dns.example.com'] } },
      'dnsConfig.nameservers "dns.example.com" is not an IP address; write an IPv4 or IPv6 address, e.g. 10.0.0.5',
    ],
    [
      { hostAliases: { 'legacy.internal': ['legacy'] } },
      'hostAliases "legacy.internal" is not an IP address; write an IPv4 or IPv6 address, e.g. 10.0.0.5',
    ],
    [
      { dnsConfig: { nameservers: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'] } },
      'dnsConfig.nameservers has 4 (10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4); a pod takes at most 3, as a resolver reads no more; keep 3',
    ],
    [
      { hostAliases: { '10.0.0.5': ['Legacy_Host'] } },
      'hostAliases["10.0.0.5"] host name must be a DNS-1123 subdomain',
    ],
    [
      { dnsConfig: { searches: ['svc.cluster.local_x'] } },
      'dnsConfig search domain "svc.cluster.local_x" is not a DNS-1123 subdomain (lower-case letters, digits, "-" ' +
        'and "."; "_", and "." alone, only from 1.33, and this environment runs 1.27); write the domain in lower case, ' +
        'e.g. "shop.svc.cluster.local"',
    ],
    [
      { dnsConfig: { options: { ndots: '2', '': '3' } } },
      'dnsConfig.options[1] has no name (its value is "3"), which the API server refuses (Required value); name the ' +
        'resolver option, e.g. "ndots", or remove it',
    ],
  ])('fails for bad DNS settings: %j', (props, message) => {
    expect(() => new Pod(testChart(), 'web', { containers: [app], ...props })).toThrow(`test/web: ${message}`);
  });

  it('takes a DNS policy, service links, a shared process namespace, the volume ownership policy and more groups', () => {
    const chart = testChart();
    new Pod(chart, 'web', {
      containers: [{ ...app, terminationMessagePolicy: TerminationMessagePolicy.FALLBACK_TO_LOGS_ON_ERROR }],
      dnsPolicy: DnsPolicy.NONE,
      dnsConfig: { nameservers: ['10.0.0.53'] },
      enableServiceLinks: false,
      shareProcessNamespace: true,
      fsGroup: 2000,
      fsGroupChangePolicy: FsGroupChangePolicy.ON_ROOT_MISMATCH,
      supplementalGroups: [3000, 4000],
    });
    const spec = findObject(chart, 'Pod', 'web').spec;
    expect(spec).toMatchObject({ dnsPolicy: 'None', enableServiceLinks: false, shareProcessNamespace: true });
    expect(spec.securityContext).toMatchObject({
      fsGroup: 2000,
      fsGroupChangePolicy: 'OnRootMismatch',
      supplementalGroups: [3000, 4000],
    });
    expect(spec.containers[0].terminationMessagePolicy).toBe('FallbackToLogsOnError');
  });

  it("leaves them to Kubernetes' defaults when not given", () => {
    const chart = testChart();
    new Pod(chart, 'web', { containers: [app] });
    const spec = findObject(chart, 'Pod', 'web').spec;
    for (const field of ['dnsPolicy', 'enableServiceLinks', 'shareProcessNamespace']) {
      expect(spec).not.toHaveProperty(field);
    }
    expect(spec.securityContext).not.toHaveProperty('fsGroupChangePolicy');
    expect(spec.securityContext).not.toHaveProperty('supplementalGroups');
    expect(spec.containers[0]).not.toHaveProperty('terminationMessagePolicy');
  });

  it.each([
    [
      { dnsPolicy: DnsPolicy.NONE },
      'dnsPolicy DnsPolicy.NONE needs the nameservers in dnsConfig.nameservers, since the pod then gets no DNS settings ' +
        'from the cluster or the node (the API server refuses it); add them, or use DnsPolicy.CLUSTER_FIRST',
    ],
    [
      { dnsPolicy: 'ClusterFirstWithHostNet ' as DnsPolicy },
      'dnsPolicy must be one of "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None", got "ClusterFirstWithHostNet "',
    ],
    [{ supplementalGroups: [-1] }, 'supplementalGroups[0] must be an integer of 0 or more, got -1'],
    [
      { fsGroupChangePolicy: 'onRootMismatch' as FsGroupChangePolicy },
      'fsGroupChangePolicy must be one of "OnRootMismatch", "Always", got "onRootMismatch"',
    ],
    [{ shareProcessNamespace: 'yes' as unknown as boolean }, 'shareProcessNamespace must be true or false, got "yes"'],
  ])('fails for bad pod settings: %j', (props, message) => {
    expect(() => new Pod(testChart(), 'web', { containers: [app], ...props })).toThrow(`test/web: ${message}`);
  });
});
