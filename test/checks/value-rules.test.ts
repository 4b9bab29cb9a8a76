import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { runChecks } from '../../lib/checks/run-checks';
import { baseline, findings, withChange, TEST_ENV } from './fixtures';
import { rawFindings } from './raw-kinds';

const RBAC = 'rbac.authorization.k8s.io/v1';
const CRON_ALLOWED =
  'must be five fields (minute hour day-of-month month day-of-week, e.g. "*/5 * * * *"), one of ' +
  '@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, or @every <duration>';
const LABEL_KEY =
  'is not a label key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".")';
const LABEL_VALUE =
  'which is not a label value (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)';

/** The baseline plus `manifests`. */
function withObjects(...manifests: AnyManifest[]): RenderedObject[] {
  const added = manifests.map((manifest) => ({ path: `extra/${manifest.kind}-${manifest.metadata.name}`, manifest }));
  return [...baseline(), ...added];
}

/** The baseline with the first container of the web Deployment changed. */
function withContainer(change: (container: AnyManifest) => void): RenderedObject[] {
  return withChange('Deployment', 'web', (deployment) => change(deployment.spec.template.spec.containers[0]));
}

/** The baseline with the pod spec of the web Deployment changed. */
function withPod(change: (pod: AnyManifest) => void): RenderedObject[] {
  return withChange('Deployment', 'web', (deployment) => change(deployment.spec.template.spec));
}

function withSchedule(schedule: string): RenderedObject[] {
  return withChange('CronJob', 'report', (cronJob) => {
    cronJob.spec.schedule = schedule;
  });
}

function configMap(name: string, labels?: Record<string, unknown>): AnyManifest {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'shop', labels }, data: { A: 'b' } };
}

describe('object-name', () => {
  it('fires when a Service name has a dot', () => {
    const spec = { type: 'ExternalName', externalName: 'api.example.com' };
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api.v2', namespace: 'shop' }, spec };
    expect(findings(withObjects(service))).toEqual([
      'object-name: name "api.v2" must be a DNS-1123 label (at most 63 lower-case letters, digits or "-")',
    ]);
  });

  it('fires when a StatefulSet name is no DNS-1123 label: a dot, or more than 63 characters', () => {
    for (const name of ['db.primary', 'd'.repeat(64)]) {
      const objects = withChange('StatefulSet', 'db', (statefulSet) => {
        statefulSet.metadata.name = name;
      });
      expect(findings(objects).filter((line) => line.startsWith('object-name'))).toEqual([
        `object-name: name "${name}" must be a DNS-1123 label (at most 63 lower-case letters, digits or "-")`,
      ]);
    }
  });

  it('fires when a CronJob name is over 52 characters', () => {
    const name = 'r'.repeat(53);
    const objects = withChange('CronJob', 'report', (cronJob) => {
      cronJob.metadata.name = name;
    });
    expect(findings(objects)).toEqual([
      `object-name: name "${name}" must be at most 52 characters (the controller appends 11 to name its Jobs)`,
    ]);
  });

  it('fires when an RBAC name has a "/"', () => {
    const role = { apiVersion: RBAC, kind: 'Role', metadata: { name: 'team/reader', namespace: 'shop' }, rules: [] };
    expect(findings(withObjects(role))).toEqual([
      'object-name: name "team/reader" must be a name without "/" or "%" (and not "." or "..")',
    ]);
  });

  it('fires when a ConfigMap name has upper-case letters', () => {
    expect(findings(withObjects(configMap('Settings')))).toEqual([
      'object-name: name "Settings" must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")',
    ]);
  });

  it('passes a CronJob name of 52 characters', () => {
    const objects = withChange('CronJob', 'report', (cronJob) => {
      cronJob.metadata.name = 'r'.repeat(52);
    });
    expect(findings(objects)).toEqual([]);
  });

  it('passes a CertificateSigningRequest name of upper case, "_" and ":", a path segment as both API servers take', () => {
    const named = (name: string) => (csr: AnyManifest) => (csr.metadata.name = name);
    expect(rawFindings('CertificateSigningRequest', 'raw-client', named('Node_Client:a'))).toEqual([]);
    expect(rawFindings('CertificateSigningRequest', 'raw-client', named('a/b'))).toEqual([
      'object-name: name "a/b" must be a name without "/" or "%" (and not "." or "..")',
    ]);
  });

  it('passes an RBAC name with ":" and a ConfigMap name with dots', () => {
    const role = { apiVersion: RBAC, kind: 'Role', metadata: { name: 'shop:reader', namespace: 'shop' }, rules: [] };
    expect(findings(withObjects(role, configMap('settings.v2')))).toEqual([]);
  });
});

describe('label-syntax', () => {
  it('fires for a label key that is not a label name', () => {
    expect(findings(withObjects(configMap('extra', { 'team owner': 'shop' })))).toEqual([
      `label-syntax: label key "team owner" ${LABEL_KEY}`,
    ]);
  });

  it('fires for a label key whose prefix is not a DNS subdomain', () => {
    expect(findings(withObjects(configMap('extra', { 'Example.com/tier': 'front' })))).toEqual([
      `label-syntax: label key "Example.com/tier" ${LABEL_KEY}`,
    ]);
  });

  it('fires for a label value over 63 characters', () => {
    const value = 'a'.repeat(64);
    expect(findings(withObjects(configMap('extra', { note: value })))).toEqual([
      `label-syntax: label "note" has value "${value}", ${LABEL_VALUE}`,
    ]);
  });

  it('fires for a label value that is not a string', () => {
    expect(findings(withObjects(configMap('extra', { version: 2 })))).toEqual([
      `label-syntax: label "version" has value 2, ${LABEL_VALUE}`,
    ]);
  });

  it('fires for a bad selector value', () => {
    const objects = withChange('PersistentVolumeClaim', 'data', (claim) => {
      claim.spec.selector = { matchLabels: { disk: 'fast ssd' } };
    });
    expect(findings(objects)).toEqual([`label-syntax: selector "disk" has value "fast ssd", ${LABEL_VALUE}`]);
  });

  it('fires for a bad pod template label', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.metadata.labels = { ...deployment.spec.template.metadata.labels, owner: '-shop' };
    });
    expect(findings(objects)).toEqual([`label-syntax: pod template label "owner" has value "-shop", ${LABEL_VALUE}`]);
  });

  it('passes an empty value, upper case, "_" and "." in values, and a prefixed key', () => {
    const labels = { empty: '', 'example.com/Build_Id': 'Release_1.2', 'a-b.c_d': 'X' };
    expect(findings(withObjects(configMap('extra', labels)))).toEqual([]);
  });
});

describe('label-syntax of the kinds written raw', () => {
  it("fires for a ReplicationController's selector and an ephemeral volume's claim template label", () => {
    expect(
      rawFindings('ReplicationController', 'raw-legacy', (controller) => {
        controller.spec.selector = { 'app x': 'raw-legacy' };
        controller.spec.template.metadata.labels['app x'] = 'raw-legacy';
      }),
    ).toEqual([
      `label-syntax: pod template label key "app x" ${LABEL_KEY}`,
      `label-syntax: selector key "app x" ${LABEL_KEY}`,
    ]);
    expect(
      rawFindings('Pod', 'raw-scratch', (pod) => {
        pod.spec.volumes[0].ephemeral.volumeClaimTemplate.metadata.labels.app = 'raw-scratch'.repeat(10);
      }),
    ).toEqual([
      `label-syntax: ephemeral volume "scratch" claim template label "app" has value "${'raw-scratch'.repeat(10)}", ${LABEL_VALUE}`,
    ]);
  });
});

describe('selector-labels of a ReplicationController', () => {
  it('fires for a selector the pod template labels do not match, and for no selector and no labels', () => {
    expect(
      rawFindings('ReplicationController', 'raw-legacy', (controller) => (controller.spec.selector = { app: 'other' })),
    ).toEqual(['selector-labels: selector app=other does not match the pod template, whose app is "raw-legacy"']);
    expect(
      rawFindings('ReplicationController', 'raw-legacy', (controller) => {
        controller.spec.selector = {};
        controller.spec.template.metadata.labels = {};
      }),
    ).toEqual([
      'selector-labels: spec.selector and the pod template labels are both empty; the API server refuses a ReplicationController that selects no labels',
    ]);
  });

  it('passes an empty selector, which the API server fills in from the pod template labels', () => {
    expect(rawFindings('ReplicationController', 'raw-legacy', (controller) => (controller.spec.selector = {}))).toEqual(
      [],
    );
  });
});

describe('port-range', () => {
  it('fires for a lifecycle hook port outside 1-65535', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.containers[0].lifecycle = { postStart: { tcpSocket: { port: 0 } } };
    });
    expect(findings(objects).filter((line) => line.startsWith('port-range'))).toEqual([
      'port-range: postStart hook port of container "app" 0 is outside 1-65535',
    ]);
  });

  it('fires for containerPort 0', () => {
    const objects = withContainer((container) => {
      container.ports[0].containerPort = 0;
    });
    expect(findings(objects)).toEqual(['port-range: containerPort of container "app" 0 is outside 1-65535']);
  });

  it('fires for a probe port above 65535', () => {
    const objects = withContainer((container) => {
      container.readinessProbe = { tcpSocket: { port: 80800 } };
    });
    expect(findings(objects)).toEqual(['port-range: probe port of container "app" 80800 is outside 1-65535']);
  });

  it('fires for Service nodePort 8080', () => {
    const objects = withChange('Service', 'web', (service) => {
      service.spec.type = 'NodePort';
      service.spec.ports[0].nodePort = 8080;
    });
    expect(findings(objects)).toEqual(['port-range: nodePort 8080 is outside 30000-32767']);
  });

  it('fires for targetPort 70000', () => {
    // A Service without selector, so service-target-port does not look at the port.
    const spec = { ports: [{ port: 80, targetPort: 70000 }] };
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'legacy', namespace: 'shop' }, spec };
    const subsets = [{ addresses: [{ ip: '10.0.0.5' }], ports: [{ port: 8080 }] }];
    const endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'legacy', namespace: 'shop' }, subsets };
    expect(findings(withObjects(service, endpoints))).toEqual(['port-range: targetPort 70000 is outside 1-65535']);
  });

  it('passes a nodePort in the service-node-port-range', () => {
    const objects = withChange('Service', 'web', (service) => {
      service.spec.type = 'NodePort';
      service.spec.ports[0].nodePort = 30080;
    });
    expect(findings(objects)).toEqual([]);
  });

  it('passes a probe port given by name', () => {
    const objects = withContainer((container) => {
      container.livenessProbe = { httpGet: { path: '/', port: 'http' } };
    });
    expect(findings(objects)).toEqual([]);
  });
});

describe('quantity', () => {
  it('fires for a request that does not parse', () => {
    const objects = withContainer((container) => {
      container.resources.requests.cpu = '50 m';
    });
    expect(findings(objects)).toEqual(['quantity: container "app" requests.cpu "50 m" is not a quantity']);
  });

  it('fires for a limit that does not parse', () => {
    const objects = withContainer((container) => {
      container.resources.limits.memory = '128MB';
    });
    expect(findings(objects)).toEqual(['quantity: container "app" limits.memory "128MB" is not a quantity']);
  });

  it('fires for a request above its limit, across units', () => {
    const objects = withContainer((container) => {
      container.resources.requests.memory = '1Gi';
      container.resources.limits.memory = '1000Mi';
    });
    expect(findings(objects)).toEqual(['quantity: container "app" requests memory 1Gi, more than its limit 1000Mi']);
  });

  it('fires for an extended resource that is not a whole number, or requested without its limit', () => {
    const objects = withContainer((container) => {
      container.resources.limits['nvidia.com/gpu'] = '500m';
      container.resources.requests['example.com/fpga'] = 1;
    });
    expect(findings(objects)).toEqual([
      'quantity: container "app" requests example.com/fpga without a limit, which the API server refuses for an extended resource',
      'quantity: container "app" limits.nvidia.com/gpu "500m" is not a whole number; an extended resource is counted in whole devices',
    ]);
  });

  it('fires for an extended resource requested below its limit, and passes it at its limit', () => {
    const below = withContainer((container) => {
      container.resources.requests['nvidia.com/gpu'] = 1;
      container.resources.limits['nvidia.com/gpu'] = 2;
    });
    expect(findings(below)).toEqual([
      'quantity: container "app" requests nvidia.com/gpu 1, not its limit 2; an extended resource cannot be overcommitted',
    ]);
    const equal = withContainer((container) => {
      container.resources.requests['nvidia.com/gpu'] = '2';
      container.resources.limits['nvidia.com/gpu'] = 2;
      container.resources.limits['example.com/fpga'] = '7000m';
    });
    expect(findings(equal)).toEqual([]);
  });

  it('fires for PVC storage that does not parse', () => {
    const objects = withChange('PersistentVolumeClaim', 'data', (claim) => {
      claim.spec.resources.requests.storage = '1GB';
    });
    expect(findings(objects)).toEqual(['quantity: requested storage "1GB" is not a quantity']);
  });

  it('fires for a quantity written as a list or a map, which reads as text that parses', () => {
    const objects = withChange('PersistentVolumeClaim', 'data', (claim) => {
      claim.spec.resources.requests.storage = ['1Gi'];
    });
    expect(findings(objects)).toEqual(['quantity: requested storage ["1Gi"] is not a quantity']);
    const limit = withChange('PersistentVolume', 'data-pv', (volume) => {
      volume.spec.capacity.storage = { value: '1Gi' };
    });
    expect(findings(limit)).toEqual(['quantity: capacity {"value":"1Gi"} is not a quantity']);
  });

  it('fires for a PersistentVolume capacity that does not parse', () => {
    const objects = withChange('PersistentVolume', 'data-pv', (volume) => {
      volume.spec.capacity.storage = 'one';
    });
    expect(findings(objects)).toEqual(['quantity: capacity "one" is not a quantity']);
  });

  it('fires for volumeClaimTemplate storage that does not parse', () => {
    const objects = withChange('StatefulSet', 'db', (statefulSet) => {
      statefulSet.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '1 Gi';
    });
    expect(findings(objects)).toEqual(['quantity: storage of volumeClaimTemplate "state" "1 Gi" is not a quantity']);
  });

  it('fires for an emptyDir sizeLimit that does not parse', () => {
    const objects = withPod((pod) => {
      pod.volumes.push({ name: 'scratch', emptyDir: { sizeLimit: '1gb' } });
    });
    expect(findings(objects)).toEqual(['quantity: emptyDir sizeLimit of volume "scratch" "1gb" is not a quantity']);
  });

  it('passes a request equal to its limit in other units, decimals, exponents and numbers', () => {
    const objects = withContainer((container) => {
      container.resources = {
        requests: { cpu: '0.5', memory: '1e3' },
        limits: { cpu: '500m', memory: 1000, 'ephemeral-storage': '1.5Gi' },
      };
    });
    expect(findings(objects)).toEqual([]);
  });

  // The API server rejects negative requests and limits ("must be greater than or equal to 0").
  it('fires for a negative request', () => {
    const objects = withContainer((container) => {
      container.resources.requests.cpu = '-100m';
    });
    expect(findings(objects)).toEqual([expect.stringMatching(/^quantity: container "app" requests\.cpu "-100m"/)]);
  });
});

describe('cron-schedule', () => {
  it('fires for six fields', () => {
    expect(findings(withSchedule('0 */5 * * * *'))).toEqual([
      `cron-schedule: schedule ${CRON_ALLOWED}, got "0 */5 * * * *": 6 fields`,
    ]);
  });

  it('fires for a value out of range', () => {
    expect(findings(withSchedule('61 * * * *'))).toEqual([
      `cron-schedule: schedule ${CRON_ALLOWED}, got "61 * * * *": minute "61": 61 is above the maximum, 59`,
    ]);
  });

  it('fires for the Quartz extension L', () => {
    expect(findings(withSchedule('0 0 L * *'))).toEqual([
      `cron-schedule: schedule ${CRON_ALLOWED}, got "0 0 L * *": day-of-month "L": "L" is an extension of other cron dialects (L, W, # or H), which Kubernetes does not read`,
    ]);
  });

  it('fires for an unknown macro', () => {
    expect(findings(withSchedule('@reboot'))).toEqual([
      `cron-schedule: schedule ${CRON_ALLOWED}, got "@reboot": "@reboot" is not a descriptor robfig/cron knows`,
    ]);
  });

  it.each(['@hourly', '0 9 * * mon-fri', '*/15 0-6 1,15 jan-jun *'])('passes %s', (schedule) => {
    expect(findings(withSchedule(schedule))).toEqual([]);
  });

  // The CronJob controller (robfig/cron) reads day-of-week 0-6 and rejects 7, which other cron libraries take for Sunday.
  it('fires for a timeZone the tz database does not have', () => {
    const objects = withChange('CronJob', 'report', (cronJob) => {
      cronJob.spec.timeZone = 'Local';
    });
    expect(findings(objects)).toEqual([
      'cron-schedule: timeZone must be an IANA time zone such as "Europe/Paris" or "UTC", got "Local"',
    ]);
  });

  it('passes a timeZone alias of the tz database', () => {
    const objects = withChange('CronJob', 'report', (cronJob) => {
      cronJob.spec.timeZone = 'US/Eastern';
    });
    expect(findings(objects)).toEqual([]);
  });

  it('fires for day-of-week 7', () => {
    expect(findings(withSchedule('0 0 * * 7'))).toEqual([
      expect.stringMatching(/^cron-schedule: schedule .*"0 0 \* \* 7"/),
    ]);
  });
});

describe('unique-names', () => {
  it('fires for two containers with the same name', () => {
    const objects = withPod((pod) => {
      pod.containers.push({ name: 'app', image: 'busybox:1.36' });
    });
    expect(findings(objects)).toEqual(['unique-names: container name "app" appears more than once']);
  });

  it('fires for an init container named like a container', () => {
    const objects = withPod((pod) => {
      pod.initContainers = [{ name: 'app', image: 'busybox:1.36' }];
    });
    expect(findings(objects)).toEqual(['unique-names: container name "app" appears more than once']);
  });

  it('fires for two env variables with the same name', () => {
    const objects = withContainer((container) => {
      container.env.push({ name: 'MODE', value: 'debug' });
    });
    expect(findings(objects)).toEqual(['unique-names: env name of container "app" "MODE" appears more than once']);
  });

  it('fires for one hostPort of one protocol and host IP bound twice in a pod, as both API servers refuse it', () => {
    // 1.27 and 1.37: 'containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"'.
    const objects = withPod((pod) => {
      pod.containers[0].ports.push({ containerPort: 8081, hostPort: 8080 });
      pod.containers.push({ name: 'sidecar', image: 'busybox:1.36', ports: [{ containerPort: 9090, hostPort: 8080 }] });
    });
    const found = runChecks(objects, TEST_ENV).findings.filter((finding) => finding.rule === 'unique-names');
    expect(found.map(({ message, fix }) => `${message} | ${fix}`)).toEqual([
      'hostPort 8080/TCP is bound by containers "app" and "sidecar" (containerPort 9090); a node port is bound once per pod | give each a hostPort of its own, or bind them to different hostIPs',
    ]);
    const twice = withPod((pod) => {
      pod.containers[0].ports.push({ containerPort: 8081, hostPort: 8080 }, { containerPort: 8082, hostPort: 8080 });
    });
    expect(findings(twice)).toEqual([
      'unique-names: hostPort 8080/TCP is bound twice by container "app" (containerPort 8082); a node port is bound once per pod',
    ]);
  });

  it('passes one hostPort of two protocols or two host IPs, and one an init container binds before', () => {
    const objects = withPod((pod) => {
      pod.containers[0].ports.push(
        { containerPort: 53, hostPort: 53, protocol: 'UDP' },
        { containerPort: 54, hostPort: 53, protocol: 'TCP', hostIP: '10.0.0.1' },
        { containerPort: 55, hostPort: 53, protocol: 'TCP', hostIP: '10.0.0.2' },
        { containerPort: 56, hostPort: 0 },
        { containerPort: 57, hostPort: 0 },
      );
      pod.initContainers = [
        { name: 'init', image: 'busybox:1.36', ports: [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }] },
      ];
    });
    expect(findings(objects)).toEqual([]);
  });

  it('fires for two mounts at the same path', () => {
    const objects = withContainer((container) => {
      container.volumeMounts[1].mountPath = '/etc/app';
    });
    expect(findings(objects)).toEqual(['unique-names: mountPath of container "app" "/etc/app" appears more than once']);
  });

  it('fires for two volumes with the same name', () => {
    const objects = withPod((pod) => {
      pod.volumes.push({ name: 'data', emptyDir: {} });
    });
    expect(findings(objects)).toEqual(['unique-names: volume name "data" appears more than once']);
  });

  it('fires for two ports with the same name', () => {
    const objects = withContainer((container) => {
      container.ports.push({ containerPort: 9090, name: 'http' });
    });
    expect(findings(objects)).toEqual(['unique-names: port name of container "app" "http" appears more than once']);
  });

  it("warns of a port number or name that two containers of a pod (or a sidecar's) declare, but not an init container's", () => {
    const warningsOf = (objects: RenderedObject[]): string[] =>
      runChecks(objects, TEST_ENV).warnings.map((warning) => `${warning.rule}: ${warning.message}`);
    const objects = withPod((pod) => {
      pod.containers.push({
        name: 'proxy',
        image: 'envoyproxy/envoy:v1.31.2',
        ports: [{ containerPort: 8080, name: 'admin' }],
      });
      pod.initContainers = [
        {
          name: 'shipper',
          image: 'fluent/fluent-bit:3.1.9',
          restartPolicy: 'Always',
          ports: [{ containerPort: 2020, name: 'admin' }],
        },
        { name: 'migrate', image: 'migrate:1.0.0', ports: [{ containerPort: 8080, name: 'http' }] },
      ];
    });
    expect(warningsOf(objects)).toEqual([
      'unique-names: port 8080/TCP is declared by containers "app" and "proxy", which share the pod\'s network, so ' +
        'only one of them can listen on it',
      'unique-names: port name "admin" is declared by containers "shipper" and "proxy"; a Service or NetworkPolicy ' +
        'that names it reaches one of them only',
    ]);
  });

  it('reports a name that appears three times once', () => {
    const objects = withContainer((container) => {
      container.env.push({ name: 'MODE', value: 'a' }, { name: 'MODE', value: 'b' });
    });
    expect(findings(objects)).toEqual(['unique-names: env name of container "app" "MODE" appears more than once']);
  });

  it('passes the same env name and mount path in two containers', () => {
    const objects = withPod((pod) => {
      const env = [{ name: 'MODE', value: 'x' }];
      pod.containers.push({
        name: 'sidecar',
        image: 'busybox:1.36',
        env,
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      });
    });
    expect(findings(objects)).toEqual([]);
  });
});

describe('selector-labels', () => {
  it('fires when the selector has a label the pod template lacks', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.selector = { matchLabels: { ...deployment.spec.selector.matchLabels, tier: 'front' } };
    });
    expect(findings(objects)).toEqual([
      'selector-labels: selector tier=front does not match the pod template, whose tier is null',
    ]);
  });

  it('fires when the selector and the pod template differ in a value', () => {
    const objects = withChange('StatefulSet', 'db', (statefulSet) => {
      statefulSet.spec.selector = { matchLabels: { 'app.kubernetes.io/name': 'database' } };
    });
    expect(findings(objects)).toEqual([
      'selector-labels: selector app.kubernetes.io/name=database does not match the pod template, whose app.kubernetes.io/name is "db"',
    ]);
  });

  it.each([
    ['StatefulSet', 'db', {}],
    ['Deployment', 'web', { matchLabels: {}, matchExpressions: [] }],
  ])('fires when a %s selects every pod: an empty selector, which the API server refuses', (kind, name, selector) => {
    const objects = withChange(kind, name, (workload) => {
      workload.spec.selector = selector;
    });
    expect(findings(objects)).toEqual([
      `selector-labels: spec.selector is empty (no matchLabels, no matchExpressions), which would select every pod of the namespace; the API server refuses an empty selector for a ${kind}`,
    ]);
    const finding = runChecks(objects, TEST_ENV).findings.find((candidate) => candidate.rule === 'selector-labels');
    expect(finding?.fix).toBe(
      'select the labels of the pod template (spec.template.metadata.labels) in spec.selector.matchLabels',
    );
  });

  it.each([
    ['app.kubernetes.io/name NotIn [web]', { key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['web'] }],
    ['tier In [front, edge]', { key: 'tier', operator: 'In', values: ['front', 'edge'] }],
    ['tier Exists', { key: 'tier', operator: 'Exists' }],
    ['app.kubernetes.io/name DoesNotExist', { key: 'app.kubernetes.io/name', operator: 'DoesNotExist' }],
  ])('fires when a matchExpressions requirement, %s, is not met by the pod template', (text, requirement) => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.selector = { ...deployment.spec.selector, matchExpressions: [requirement] };
    });
    expect(findings(objects)).toEqual([
      `selector-labels: selector requirement ${text} does not match the pod template's labels (app.kubernetes.io/name=web, app.kubernetes.io/instance=shop-dev), which the API server refuses: the workload would not select its own pods`,
    ]);
  });

  it('passes matchExpressions the pod template meets, and leaves a malformed one to selector-syntax', () => {
    const met = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.selector.matchExpressions = [
        { key: 'app.kubernetes.io/name', operator: 'In', values: ['web', 'api'] },
        { key: 'tier', operator: 'NotIn', values: ['db'] },
        { key: 'app.kubernetes.io/instance', operator: 'Exists' },
        { key: 'tier', operator: 'DoesNotExist' },
      ];
    });
    expect(findings(met)).toEqual([]);
    const malformed = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.selector.matchExpressions = [{ key: 'tier', operator: 'Has' }];
    });
    expect(findings(malformed).filter((finding) => finding.startsWith('selector-labels'))).toEqual([]);
  });

  it('passes a pod template with more labels than the selector', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.metadata.labels = { ...deployment.spec.template.metadata.labels, version: 'v2' };
    });
    expect(findings(objects)).toEqual([]);
  });
});

describe('plaintext-secret', () => {
  const secret = (fields: AnyManifest): RenderedObject => ({
    path: 'shop/s',
    manifest: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop' }, ...fields },
  });

  it('fires for a Secret with a value in data or stringData', () => {
    expect(findings([...baseline(), secret({ data: { token: 'c2VjcmV0' }, stringData: { password: 'x' } })])).toEqual([
      'plaintext-secret: holds data.token, stringData.password in plain text, which would be committed to git',
    ]);
  });

  it('passes a Secret whose keys are empty, filled in by an app at run time', () => {
    expect(findings([...baseline(), secret({ data: { csrf: '' } })])).toEqual([]);
  });
});

describe('counts', () => {
  function budget(spec: AnyManifest): AnyManifest {
    return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'shop' }, spec };
  }

  it('fires for a budget with both minAvailable and maxUnavailable', () => {
    expect(findings(withObjects(budget({ minAvailable: 1, maxUnavailable: 1 })))).toEqual([
      'counts: sets both minAvailable and maxUnavailable, which the API server refuses',
    ]);
  });

  it('fires for a percentage above 100%', () => {
    expect(findings(withObjects(budget({ minAvailable: '150%' })))).toEqual([
      'counts: minAvailable must be an integer of 0 or more or a percentage from 0% to 100%, got "150%"',
    ]);
  });

  it('warns of, and passes, a maxUnavailable of 0, which both API servers take (as they take "0%")', () => {
    const objects = withObjects(budget({ maxUnavailable: 0 }));
    expect(findings(objects)).toEqual([]);
    expect(runChecks(objects, TEST_ENV).warnings.map((warning) => `${warning.rule}: ${warning.message}`)).toEqual([
      'counts: maxUnavailable is 0: no pod may be evicted, so a node drain waits on this budget until it is changed',
    ]);
    expect(findings(withObjects(budget({ maxUnavailable: -1 })))).toEqual([
      'counts: maxUnavailable must be an integer of 1 or more or a percentage from 0% to 100%, got -1',
    ]);
  });

  it('passes percentages and a minAvailable of 0', () => {
    expect(
      findings(
        withObjects(budget({ maxUnavailable: '25%' }), {
          ...budget({ minAvailable: 0 }),
          metadata: { name: 'db', namespace: 'shop' },
        }),
      ),
    ).toEqual([]);
  });

  it('passes a percentage of leading zeros, which both API servers read as its number ("050%" is 50%)', () => {
    expect(findings(withObjects(budget({ minAvailable: '050%' })))).toEqual([]);
    expect(findings(withObjects(budget({ maxUnavailable: '0100%' })))).toEqual([]);
    expect(findings(withObjects(budget({ minAvailable: '0101%' })))).toEqual([
      'counts: minAvailable must be an integer of 0 or more or a percentage from 0% to 100%, got "0101%"',
    ]);
  });

  it('fires for a CronJob startingDeadlineSeconds below 0 and a Job template ttl that is not an integer', () => {
    const objects = withChange('CronJob', 'report', (cronJob) => {
      cronJob.spec.startingDeadlineSeconds = -60;
      cronJob.spec.jobTemplate.spec.ttlSecondsAfterFinished = '1h';
    });
    expect(findings(objects)).toEqual([
      'counts: startingDeadlineSeconds must be an integer of 0 or more, got -60',
      'counts: jobTemplate.spec.ttlSecondsAfterFinished must be an integer of 0 or more, got "1h"',
    ]);
  });

  it('fires for an Indexed Job of more than 100000 pods at once, or with parallelism but no completions, and not for a NonIndexed one', () => {
    const indexed = withChange('CronJob', 'report', (cronJob) => {
      cronJob.spec.jobTemplate.spec.completionMode = 'Indexed';
      cronJob.spec.jobTemplate.spec.completions = 100_001;
      cronJob.spec.jobTemplate.spec.parallelism = 100_001;
    });
    expect(findings(indexed)).toEqual([
      'counts: jobTemplate.spec.parallelism 100001 is more than an Indexed Job takes (100000)',
    ]);
    const uncounted = withChange('CronJob', 'report', (cronJob) => {
      cronJob.spec.jobTemplate.spec.completionMode = 'Indexed';
      delete cronJob.spec.jobTemplate.spec.completions;
      cronJob.spec.jobTemplate.spec.parallelism = 2;
    });
    expect(findings(uncounted)).toEqual([
      'counts: jobTemplate.spec.completionMode is Indexed and parallelism is set, but completions is not; an Indexed Job needs its count of indexes',
    ]);
    const plain = withChange('CronJob', 'report', (cronJob) => {
      cronJob.spec.jobTemplate.spec.completions = 100_001;
      cronJob.spec.jobTemplate.spec.parallelism = 100_001;
    });
    expect(findings(plain)).toEqual([]);
  });

  it('warns of, and passes, a Job of 0 completions, parallelism or activeDeadlineSeconds, or more parallelism than completions, which the API servers take', () => {
    const warningsOf = (objects: RenderedObject[]): string[] =>
      runChecks(objects, TEST_ENV).warnings.map((warning) => `${warning.rule}: ${warning.message}`);
    const zero = withChange('CronJob', 'report', (cronJob) => {
      Object.assign(cronJob.spec.jobTemplate.spec, { completions: 0, parallelism: 0, activeDeadlineSeconds: 0 });
    });
    expect(findings(zero)).toEqual([]);
    expect(warningsOf(zero)).toEqual([
      'counts: jobTemplate.spec.completions is 0: the Job succeeds at once, without running a pod',
      'counts: jobTemplate.spec.parallelism is 0: the Job runs no pod until parallelism is raised (suspend: true is the way to pause a Job)',
      'counts: jobTemplate.spec.activeDeadlineSeconds is 0: the Job fails at once, its deadline passed',
    ]);
    const wide = withChange('CronJob', 'report', (cronJob) => {
      Object.assign(cronJob.spec.jobTemplate.spec, { completions: 2, parallelism: 5 });
    });
    expect(findings(wide)).toEqual([]);
    expect(warningsOf(wide)).toEqual([
      'counts: jobTemplate.spec.parallelism 5 is more than completions 2; no more than 2 pods can run',
    ]);
    const negative = withChange('CronJob', 'report', (cronJob) => {
      cronJob.spec.jobTemplate.spec.parallelism = -1;
    });
    expect(findings(negative)).toEqual([
      'counts: jobTemplate.spec.parallelism must be an integer of 1 or more, got -1',
    ]);
  });
});

describe('counts of readiness', () => {
  it('fires for a negative minReadySeconds on every rolling kind', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.minReadySeconds = -1;
    });
    const statefulSet = objects.find((object) => object.manifest.kind === 'StatefulSet');
    (statefulSet?.manifest.spec as AnyManifest).minReadySeconds = -30;
    expect(findings(objects)).toEqual([
      'counts: minReadySeconds must be an integer of 0 or more, got -1',
      'counts: minReadySeconds must be an integer of 0 or more, got -30',
    ]);
  });

  it('fires for a Deployment whose progress deadline, set or the default 600, is not above minReadySeconds', () => {
    const over = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.minReadySeconds = 700;
    });
    expect(findings(over)).toEqual([
      'counts: progressDeadlineSeconds 600 (the default) is not more than minReadySeconds 700, which the API server refuses',
    ]);
    const equal = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.minReadySeconds = 30;
      deployment.spec.progressDeadlineSeconds = 30;
    });
    expect(findings(equal)).toEqual([
      'counts: progressDeadlineSeconds 30 is not more than minReadySeconds 30, which the API server refuses',
    ]);
  });

  it('passes a progress deadline above minReadySeconds', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.minReadySeconds = 700;
      deployment.spec.progressDeadlineSeconds = 900;
    });
    expect(findings(objects)).toEqual([]);
  });
});

describe('port-range: host ports', () => {
  it('refuses a hostPort outside 1-65535, which the API server refuses', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.containers[0].ports[0].hostPort = -1;
    });
    expect(findings(objects)).toEqual(['port-range: hostPort of container "app" -1 is outside 1-65535']);
  });

  it('passes a hostPort of 0, which both API servers read as none', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.containers[0].ports[0].hostPort = 0;
    });
    expect(findings(objects)).toEqual([]);
  });
});

describe('NetworkPolicy peers and port ranges', () => {
  function policy(spec: AnyManifest): RenderedObject[] {
    return [
      ...baseline(),
      {
        path: 'shop/np',
        manifest: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'np', namespace: 'shop' },
          spec: { podSelector: {}, ...spec },
        },
      },
    ];
  }

  it('refuses an except outside its cidr, an ipBlock beside a selector and an empty peer', () => {
    const objects = policy({
      ingress: [
        { from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/8', '192.168.0.0/16', '10.9.0.0/16'] } }] },
      ],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' }, namespaceSelector: {} }, {}] }],
    });
    expect(findings(objects)).toEqual([
      'ip-block: ingress[0].from[0] ipBlock except "10.0.0.0/8" is not inside cidr "10.0.0.0/8" and smaller than it, which the API server refuses',
      'ip-block: ingress[0].from[0] ipBlock except "192.168.0.0/16" is not inside cidr "10.0.0.0/8" and smaller than it, which the API server refuses',
      'ip-block: egress[0].to[0] has an ipBlock and a namespaceSelector; the API server takes an ipBlock alone',
      'ip-block: egress[0].to[1] is an empty peer, which the API server refuses',
    ]);
  });

  it('refuses an endPort below its port, after a named port or without one; passes a range', () => {
    const objects = policy({
      ingress: [
        {
          ports: [
            { port: 100, endPort: 50 },
            { port: 'http', endPort: 90 },
            { endPort: 80 },
            { port: 8000, endPort: 8080 },
          ],
        },
      ],
    });
    expect(findings(objects)).toEqual([
      'port-range: endPort 50 is below port 100, which the API server refuses',
      'port-range: endPort 90 is set with the named port "http"; a range needs a port number to start from',
      'port-range: endPort 80 is set with no port; a range needs a port number to start from',
    ]);
  });
});

describe('object-size', () => {
  it('refuses annotations over 256 KiB, on the object and on its pod template', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.metadata.annotations = { 'example.com/notes': 'x'.repeat(300 * 1024) };
      deployment.spec.template.metadata.annotations = { 'example.com/big': 'y'.repeat(257 * 1024) };
    });
    expect(findings(objects)).toEqual([
      'object-size: annotations take 301 KiB; the API server takes at most 256 KiB of annotations',
      'object-size: pod template annotations take 258 KiB; the API server takes at most 256 KiB of annotations',
    ]);
  });

  it('refuses a ConfigMap over 1 MiB of data, and one too large for the annotation of kubectl apply', () => {
    const huge = withChange('ConfigMap', 'settings', (configMap) => {
      configMap.data = { ...configMap.data, 'a.json': 'x'.repeat(700 * 1024), 'b.json': 'y'.repeat(400 * 1024) };
    });
    expect(findings(huge)).toEqual([
      'object-size: holds 1101 KiB of data; the API server takes at most 1 MiB in a ConfigMap',
      'object-size: is 1101 KiB as JSON; `kubectl apply` keeps a copy in the annotation kubectl.kubernetes.io/last-applied-configuration, and the API server refuses more than 256 KiB of annotations',
    ]);
    const large = withChange('ConfigMap', 'settings', (configMap) => {
      configMap.data = { ...configMap.data, 'dashboard.json': 'x'.repeat(300 * 1024) };
    });
    expect(findings(large)).toEqual([
      'object-size: is 301 KiB as JSON; `kubectl apply` keeps a copy in the annotation kubectl.kubernetes.io/last-applied-configuration, and the API server refuses more than 256 KiB of annotations',
    ]);
  });

  it('counts a Secret by its decoded bytes, and passes a ConfigMap of 200 KiB', () => {
    const secret: RenderedObject = {
      path: 'shop/blob',
      manifest: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'blob', namespace: 'shop' },
        data: { blob: Buffer.alloc(1100 * 1024).toString('base64') },
      },
    };
    expect(
      runChecks([...baseline(), secret], TEST_ENV)
        .findings.filter((finding) => finding.rule === 'object-size')
        .map((finding) => finding.message)[0],
    ).toBe('holds 1100 KiB of data; the API server takes at most 1 MiB in a Secret');
    const fits = withChange('ConfigMap', 'settings', (configMap) => {
      configMap.data = { ...configMap.data, 'page.html': 'x'.repeat(200 * 1024) };
    });
    expect(findings(fits)).toEqual([]);
  });
});

describe('port-name', () => {
  it('takes a container port named "", which the API server reads as no name', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.containers[0].ports.push({ containerPort: 9090, name: '' });
    });
    expect(findings(objects)).toEqual([]);
  });

  it('fires for a lifecycle hook whose named port is no IANA service name, as the API server does', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.containers[0].lifecycle = {
        preStop: { httpGet: { port: 'http x' } },
        postStart: { tcpSocket: { port: 'http' } },
      };
    });
    expect(findings(objects)).toEqual([
      'port-name: port name "http x" of the preStop hook of container "app" must be at most 15 lower-case letters, digits or single "-", with a letter',
    ]);
  });

  it('fires for a container port name with two dashes in a row and one without a letter', () => {
    const objects = withContainer((container) => {
      container.ports = [
        { containerPort: 8080, name: 'http' },
        { containerPort: 8081, name: 'web--api' },
        { containerPort: 8082, name: '8082' },
      ];
    });
    expect(findings(objects)).toEqual([
      'port-name: port name "web--api" of container "app" must be at most 15 lower-case letters, digits or single "-", with a letter',
      'port-name: port name "8082" of container "app" must be at most 15 lower-case letters, digits or single "-", with a letter',
    ]);
  });
});

describe('enum-values', () => {
  it('takes "" where the API server defaults an empty value, and refuses it where it does not', () => {
    const ruled = (rules: readonly string[]) => (lines: string[]) =>
      lines.filter((line) => rules.some((rule) => line.startsWith(`${rule}: `)));
    const judged = ruled(['enum-values', 'restart-policy', 'service-spec']);
    for (const environment of ['dev', 'prod'] as const) {
      expect(
        judged(
          rawFindings(
            'Pod',
            'raw-scratch',
            (pod) => {
              pod.spec.dnsPolicy = '';
              pod.spec.restartPolicy = '';
              pod.spec.containers[0].imagePullPolicy = '';
              pod.spec.containers[0].terminationMessagePolicy = '';
              pod.spec.containers[0].ports = [{ containerPort: 8080, protocol: '' }];
            },
            environment,
          ),
        ),
      ).toEqual([]);
      expect(
        judged(
          rawFindings(
            'Service',
            'raw-external-db',
            (service) => Object.assign(service.spec, { type: '', sessionAffinity: '', externalTrafficPolicy: '' }),
            environment,
          ),
        ),
      ).toEqual([]);
    }
    expect(
      judged(rawFindings('Service', 'raw-external-db', (service) => (service.spec.internalTrafficPolicy = ''))),
    ).toEqual(['enum-values: internalTrafficPolicy "" is not one of Cluster, Local']);
    expect(
      judged(rawFindings('EndpointSlice', 'raw-external-cache-1', (slice) => (slice.ports[0].protocol = ''))),
    ).toEqual(['enum-values: protocol of port 6379 "" is not one of TCP, UDP, SCTP']);
  });

  it('fires for a Service type in the wrong case, naming the right one', () => {
    const objects = withChange('Service', 'web', (service) => {
      service.spec.type = 'Nodeport';
    });
    expect(findings(objects)).toEqual([
      'enum-values: type "Nodeport" is not one of ClusterIP, NodePort, LoadBalancer, ExternalName',
    ]);
  });

  it('fires for a container port protocol, a volume access mode and a CronJob concurrencyPolicy that are not values', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.containers[0].ports[0].protocol = 'HTTP';
    });
    const volume = objects.find((object) => object.manifest.kind === 'PersistentVolume');
    (volume?.manifest.spec as AnyManifest).accessModes = ['ReadWriteSome'];
    const cronJob = objects.find((object) => object.manifest.kind === 'CronJob');
    (cronJob?.manifest.spec as AnyManifest).concurrencyPolicy = 'forbid';
    expect(findings(objects)).toEqual([
      'enum-values: access mode "ReadWriteSome" is not one of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod',
      'claim-volume: accessModes ReadWriteOnce are not offered by PersistentVolume data-pv, which offers ReadWriteSome',
      'enum-values: protocol of port 8080 of container "app" "HTTP" is not one of TCP, UDP, SCTP',
      'enum-values: concurrencyPolicy "forbid" is not one of Allow, Forbid, Replace',
    ]);
  });

  it('fires for the fixed-value fields of pods: dnsPolicy, tolerations, spreads, seccomp, preemption, termination messages', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      const pod = deployment.spec.template.spec;
      pod.dnsPolicy = 'clusterfirst';
      pod.preemptionPolicy = 'never';
      pod.securityContext = { seccompProfile: { type: 'runtimedefault' } };
      pod.tolerations = [
        { key: 'gpu', operator: 'exists', effect: 'NoSchedul' },
        { key: 'any', operator: 'Exists', effect: '' },
      ];
      pod.topologySpreadConstraints = [
        { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'scheduleAnyway', nodeTaintsPolicy: 'honor' },
      ];
      pod.containers[0].terminationMessagePolicy = 'file';
    });
    expect(findings(objects)).toEqual([
      'enum-values: dnsPolicy "clusterfirst" is not one of ClusterFirstWithHostNet, ClusterFirst, Default, None',
      'enum-values: preemptionPolicy "never" is not one of PreemptLowerPriority, Never',
      'enum-values: pod securityContext.seccompProfile.type "runtimedefault" is not one of RuntimeDefault, Localhost, Unconfined',
      'enum-values: tolerations[0].operator "exists" is not one of Equal, Exists',
      'enum-values: tolerations[0].effect "NoSchedul" is not one of NoSchedule, PreferNoSchedule, NoExecute',
      'enum-values: topologySpreadConstraints[0].whenUnsatisfiable "scheduleAnyway" is not one of DoNotSchedule, ScheduleAnyway',
      'enum-values: topologySpreadConstraints[0].nodeTaintsPolicy "honor" is not one of Honor, Ignore',
      'enum-values: terminationMessagePolicy of container "app" "file" is not one of File, FallbackToLogsOnError',
    ]);
  });

  it('fires for a fsGroupChangePolicy and a hostPath type in the wrong case; passes the right ones and an empty type', () => {
    const change = (policy: string, types: string[]) =>
      withChange('Deployment', 'web', (deployment) => {
        const pod = deployment.spec.template.spec;
        pod.securityContext = { fsGroupChangePolicy: policy };
        types.forEach((type, index) =>
          pod.volumes.push({ name: `host-${index}`, hostPath: { path: '/var/log', type } }),
        );
      });
    expect(findings(change('onrootmismatch', ['directory']))).toEqual([
      'enum-values: pod securityContext.fsGroupChangePolicy "onrootmismatch" is not one of Always, OnRootMismatch',
      'enum-values: hostPath.type of volume "host-0" "directory" is not one of DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice, BlockDevice',
    ]);
    expect(findings(change('OnRootMismatch', ['Directory', '', 'FileOrCreate']))).toEqual([]);
  });

  it('fires for a PersistentVolume hostPath type that is no type, as for a pod volume; passes the right ones', () => {
    const volume = (type: string) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: `host-${type.toLowerCase() || 'unset'}` },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/srv/data', type } },
    });
    expect(findings(withObjects(volume('t6re'), volume('Directory'), volume('')))).toEqual([
      'enum-values: hostPath.type "t6re" is not one of DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice, BlockDevice',
    ]);
  });

  it('fires for a procMount the release checks (from 1.33), and passes it before', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.containers[0].securityContext = { procMount: 'default' };
    });
    const of = (release: string) =>
      runChecks(objects, { ...TEST_ENV, kubernetesVersion: release })
        .findings.filter((finding) => finding.rule === 'enum-values')
        .map(({ message, fix }) => ({ message, fix }));
    expect(of('1.37')).toEqual([
      {
        message: 'securityContext.procMount of container "app" "default" is not one of Default, Unmasked',
        fix: 'write "Default" (the API server minds the case)',
      },
    ]);
    expect(of('1.33')).toHaveLength(1);
    expect(of('1.32')).toEqual([]);
    expect(of('1.27')).toEqual([]);
  });

  it('fires for the fixed-value fields of workloads, Services, claims, classes, budgets and autoscalers', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.strategy = { type: 'rollingUpdate' };
    });
    const change = (kind: string, edit: (manifest: AnyManifest) => void) =>
      edit(objects.find((object) => object.manifest.kind === kind)!.manifest);
    change('StatefulSet', (statefulSet) => {
      statefulSet.spec.podManagementPolicy = 'parallel';
      statefulSet.spec.updateStrategy = { type: 'ondelete' };
      statefulSet.spec.volumeClaimTemplates[0].spec.volumeMode = 'block';
    });
    change('Service', (service) => {
      service.spec.sessionAffinity = 'clientIP';
      service.spec.internalTrafficPolicy = 'local';
      service.spec.ipFamilyPolicy = 'singleStack';
    });
    change('PersistentVolumeClaim', (claim) => {
      claim.spec.volumeMode = 'filesystem';
    });
    change('StorageClass', (storageClass) => {
      storageClass.reclaimPolicy = 'Recycle';
      storageClass.volumeBindingMode = 'waitForFirstConsumer';
    });
    change('CronJob', (cronJob) => {
      cronJob.spec.jobTemplate.spec.completionMode = 'indexed';
    });
    objects.push(
      {
        path: 'shop/budget',
        manifest: {
          apiVersion: 'policy/v1',
          kind: 'PodDisruptionBudget',
          metadata: { name: 'web', namespace: 'shop' },
          spec: { minAvailable: 1, unhealthyPodEvictionPolicy: 'alwaysAllow' },
        },
      },
      {
        path: 'shop/autoscaler',
        manifest: {
          apiVersion: 'autoscaling/v2',
          kind: 'HorizontalPodAutoscaler',
          metadata: { name: 'web', namespace: 'shop' },
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
            minReplicas: 1,
            maxReplicas: 3,
            metrics: [
              { type: 'resource', resource: { name: 'cpu', target: { type: 'utilization', averageUtilization: 50 } } },
            ],
          },
        },
      },
    );
    expect(findings(objects).filter((line) => line.startsWith('enum-values'))).toEqual([
      'enum-values: reclaimPolicy "Recycle" is not one of Delete, Retain',
      'enum-values: volumeBindingMode "waitForFirstConsumer" is not one of Immediate, WaitForFirstConsumer',
      'enum-values: volumeMode "filesystem" is not one of Filesystem, Block',
      'enum-values: sessionAffinity "clientIP" is not one of ClientIP, None',
      'enum-values: internalTrafficPolicy "local" is not one of Cluster, Local',
      'enum-values: ipFamilyPolicy "singleStack" is not one of SingleStack, PreferDualStack, RequireDualStack',
      'enum-values: strategy.type "rollingUpdate" is not one of Recreate, RollingUpdate',
      'enum-values: podManagementPolicy "parallel" is not one of OrderedReady, Parallel',
      'enum-values: updateStrategy.type "ondelete" is not one of RollingUpdate, OnDelete',
      'enum-values: volumeMode of volumeClaimTemplate "state" "block" is not one of Filesystem, Block',
      'enum-values: jobTemplate.spec.completionMode "indexed" is not one of NonIndexed, Indexed',
      'enum-values: unhealthyPodEvictionPolicy "alwaysAllow" is not one of IfHealthyBudget, AlwaysAllow',
      'enum-values: metrics[0].type "resource" is not one of Resource, ContainerResource, Pods, Object, External',
      'enum-values: metrics[0].resource.target.type "utilization" is not one of Utilization, Value, AverageValue',
    ]);
  });

  it('tells to fix the case when only the case differs', () => {
    const objects = withChange('CronJob', 'report', (cronJob) => {
      cronJob.spec.concurrencyPolicy = 'forbid';
    });
    const [finding] = runChecks(objects, TEST_ENV).findings.filter((candidate) => candidate.rule === 'enum-values');
    expect(finding.fix).toBe('write "Forbid" (the API server minds the case)');
  });
});

describe('enum-values of the kinds written raw', () => {
  it('fires for a webhook failurePolicy, matchPolicy, sideEffects, reinvocationPolicy, operation and scope not of their values', () => {
    expect(
      rawFindings('MutatingWebhookConfiguration', 'raw-defaults.example.com', (webhooks) => {
        Object.assign(webhooks.webhooks[0], {
          failurePolicy: 'Ignore:',
          matchPolicy: 'equivalent',
          sideEffects: 'Some',
          reinvocationPolicy: 'Always',
        });
        Object.assign(webhooks.webhooks[0].rules[0], { operations: ['CREATE', 'CREAT'], scope: 'Namespaced.' });
      }),
    ).toEqual([
      'enum-values: webhooks[0].failurePolicy "Ignore:" is not one of Ignore, Fail',
      'enum-values: webhooks[0].matchPolicy "equivalent" is not one of Exact, Equivalent',
      'enum-values: webhooks[0].sideEffects "Some" is not one of None, NoneOnDryRun',
      'enum-values: webhooks[0].reinvocationPolicy "Always" is not one of Never, IfNeeded',
      'enum-values: webhooks[0].rules[0].operations[1] "CREAT" is not one of *, CREATE, UPDATE, DELETE, CONNECT',
      'enum-values: webhooks[0].rules[0].scope "Namespaced." is not one of *, Cluster, Namespaced',
    ]);
  });

  it("fires for an admission policy's or binding's matchPolicy and a resource rule's scope not of their values", () => {
    expect(
      rawFindings(
        'ValidatingAdmissionPolicy',
        'raw-replica-limit',
        (policy) => {
          policy.spec.matchConstraints.matchPolicy = 'exact';
          policy.spec.matchConstraints.resourceRules[0].scope = 'Global';
          policy.spec.matchConstraints.excludeResourceRules = [{ ...policy.spec.matchConstraints.resourceRules[0] }];
        },
        'prod',
      ),
    ).toEqual([
      'enum-values: spec.matchConstraints.matchPolicy "exact" is not one of Exact, Equivalent',
      'enum-values: spec.matchConstraints.resourceRules[0].scope "Global" is not one of *, Cluster, Namespaced',
      'enum-values: spec.matchConstraints.excludeResourceRules[0].scope "Global" is not one of *, Cluster, Namespaced',
    ]);
    expect(
      rawFindings(
        'MutatingAdmissionPolicyBinding',
        'raw-owner-label',
        (binding) => (binding.spec.matchResources = { matchPolicy: 'equivalent' }),
        'prod',
      ),
    ).toEqual(['enum-values: spec.matchResources.matchPolicy "equivalent" is not one of Exact, Equivalent']);
  });

  it('fires for an EndpointSlice address type, and an EndpointSlice or Endpoints port protocol, not of their values', () => {
    expect(
      rawFindings('EndpointSlice', 'raw-external-cache-1', (slice) => {
        slice.addressType = 'Pv4';
        slice.ports[0].protocol = 'TCP/x';
      }),
    ).toEqual([
      'enum-values: addressType "Pv4" is not one of IPv4, IPv6, FQDN',
      'enum-values: protocol of port 6379 "TCP/x" is not one of TCP, UDP, SCTP',
    ]);
    expect(
      rawFindings('Endpoints', 'raw-external-db', (endpoints) => {
        endpoints.subsets[0].ports[0].protocol = 'CP';
      }),
    ).toEqual(['enum-values: protocol of port 5432 "CP" is not one of TCP, UDP, SCTP']);
  });

  it("fires for a CSIDriver's fsGroupPolicy and lifecycle mode, an IngressClass's parameters scope, a pod's os", () => {
    expect(
      rawFindings('CSIDriver', 'raw.csi.example.com', (driver) => {
        driver.spec.fsGroupPolicy = '-File';
        driver.spec.volumeLifecycleModes = ['persistent'];
      }),
    ).toEqual([
      'enum-values: fsGroupPolicy "-File" is not one of None, File, ReadWriteOnceWithFSType',
      'enum-values: volumeLifecycleModes item "persistent" is not one of Persistent, Ephemeral',
    ]);
    expect(
      rawFindings('IngressClass', 'raw-nginx', (ingressClass) => {
        ingressClass.spec.parameters.scope = 'Namespace/x';
      }),
    ).toEqual(['enum-values: parameters.scope "Namespace/x" is not one of Cluster, Namespace']);
    expect(
      rawFindings('Pod', 'raw-scratch', (pod) => {
        pod.spec.os.name = 'Linux';
      }),
    ).toEqual(['enum-values: os.name "Linux" is not one of linux, windows']);
  });

  it("fires for an ephemeral volume's claim template access mode and volumeMode", () => {
    expect(
      rawFindings('Pod', 'raw-scratch', (pod) => {
        Object.assign(pod.spec.volumes[0].ephemeral.volumeClaimTemplate.spec, {
          accessModes: ['ReadWriteOnce:'],
          volumeMode: 'block',
        });
      }),
    ).toEqual([
      'enum-values: access mode of the claim template of ephemeral volume "scratch" "ReadWriteOnce:" is not one of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod',
      'enum-values: volumeMode of the claim template of ephemeral volume "scratch" "block" is not one of Filesystem, Block',
    ]);
  });

  it("fires for a RuntimeClass's toleration operator and effect", () => {
    expect(
      rawFindings('RuntimeClass', 'raw-gvisor', (runtimeClass) => {
        Object.assign(runtimeClass.scheduling.tolerations[0], { operator: '*', effect: 'NoScheduleX' });
      }),
    ).toEqual([
      'enum-values: scheduling.tolerations[0].operator "*" is not one of Equal, Exists',
      'enum-values: scheduling.tolerations[0].effect "NoScheduleX" is not one of NoSchedule, PreferNoSchedule, NoExecute',
    ]);
  });
});

describe('counts of the kinds written raw', () => {
  it("fires for a ReplicationController's replicas and minReadySeconds below 0", () => {
    expect(
      rawFindings('ReplicationController', 'raw-legacy', (controller) => {
        Object.assign(controller.spec, { replicas: -1, minReadySeconds: -714997028 });
      }),
    ).toEqual([
      'counts: replicas must be an integer of 0 or more, got -1',
      'counts: minReadySeconds must be an integer of 0 or more, got -714997028',
    ]);
  });

  it("fires for a Lease's duration below 1 and transitions below 0", () => {
    expect(
      rawFindings('Lease', 'raw-leader', (lease) => {
        Object.assign(lease.spec, { leaseDurationSeconds: 0, leaseTransitions: -1 });
      }),
    ).toEqual([
      'counts: leaseDurationSeconds must be an integer of 1 or more, got 0',
      'counts: leaseTransitions must be an integer of 0 or more, got -1',
    ]);
  });
});

describe('config-keys', () => {
  it('fires for ConfigMap, Secret and SealedSecret keys that cannot be file names, with a renamed suggestion', () => {
    const objects = withChange('ConfigMap', 'settings', (configMap) => {
      configMap.data = { ...configMap.data, 'app settings/json': '{}', '..': 'x' };
    });
    const sealed: RenderedObject = {
      path: 'shop/vault',
      manifest: {
        apiVersion: 'bitnami.com/v1alpha1',
        kind: 'SealedSecret',
        metadata: { name: 'vault', namespace: 'shop' },
        spec: { encryptedData: { 'db:password': 'AgB...' }, template: { metadata: { name: 'vault' } } },
      },
    };
    expect(findings([...objects, sealed])).toEqual([
      `config-keys: data has the key "app settings/json", which Kubernetes refuses: a key is at most 253 letters, digits, '-', '_' or '.' (not "." and not starting with ".."), because it becomes a file name when the object is mounted`,
      `config-keys: data has the key "..", which Kubernetes refuses: a key is at most 253 letters, digits, '-', '_' or '.' (not "." and not starting with ".."), because it becomes a file name when the object is mounted`,
      `config-keys: spec.encryptedData has the key "db:password", which Kubernetes refuses: a key is at most 253 letters, digits, '-', '_' or '.' (not "." and not starting with ".."), because it becomes a file name when the object is mounted`,
    ]);
    const fixes = runChecks([...objects, sealed], TEST_ENV)
      .findings.filter((finding) => finding.rule === 'config-keys')
      .map((finding) => finding.fix);
    expect(fixes).toEqual([
      'rename the key, e.g. "app-settings-json"',
      'rename the key, e.g. "key"',
      'rename the key, e.g. "db-password"',
    ]);
  });

  it('fires for a key that starts with "..", which both API servers refuse, and passes ".a" and "a..b"', () => {
    const objects = withChange('ConfigMap', 'settings', (configMap) => {
      configMap.data = { ...configMap.data, '..data': 'x', '.hidden': 'x', 'a..b': 'x' };
    });
    expect(runChecks(objects, TEST_ENV).findings.filter((finding) => finding.rule === 'config-keys')).toMatchObject([
      {
        message: expect.stringContaining('data has the key "..data", which Kubernetes refuses'),
        fix: 'rename the key, e.g. "data"',
      },
    ]);
  });

  it('fires for a ConfigMap key in both data and binaryData', () => {
    const objects = withChange('ConfigMap', 'settings', (configMap) => {
      configMap.binaryData = { MODE: 'AA==' };
    });
    expect(findings(objects)).toEqual([
      'config-keys: the key "MODE" is in both data and binaryData; Kubernetes refuses a key in both',
    ]);
  });

  it('passes keys with dots, dashes and underscores', () => {
    const objects = withChange('ConfigMap', 'settings', (configMap) => {
      configMap.data = { ...configMap.data, 'settings.json': '{}', '.hidden_file-2': 'x' };
    });
    expect(findings(objects)).toEqual([]);
  });
});

describe('sealed-secret', () => {
  const SOURCE = 'the SealedSecret resource (CustomResourceDefinition of sealed-secrets v0.29.0)';
  const sealedWith = (template: unknown) =>
    withChange('SealedSecret', 'creds', (sealed) => {
      sealed.spec.template = template;
    });

  it('passes a template of a type, metadata and data of text', () => {
    expect(findings(sealedWith({ type: 'Opaque', immutable: true, data: { note: 'x' } }))).toEqual([]);
  });

  it('refuses a template the SealedSecret resource refuses: a type, immutable or data value of the wrong type', () => {
    expect(findings(sealedWith({ type: 5, immutable: 'yes', data: { note: 1 } }))).toEqual([
      `sealed-secret: spec.template.type is 5 (number); ${SOURCE} gives it the type a string`,
      `sealed-secret: spec.template.immutable is "yes" (string); ${SOURCE} gives it the type true or false`,
      `sealed-secret: spec.template.data.note is 1 (number); ${SOURCE} gives it the type a string`,
    ]);
    expect(findings(sealedWith('Opaque'))).toEqual([
      `sealed-secret: spec.template is "Opaque" (string); ${SOURCE} gives it the type an object`,
    ]);
  });

  it("refuses whatever the SealedSecret resource's schema refuses: template metadata, unknown fields, no encryptedData", () => {
    expect(findings(sealedWith({ metadata: { namespace: {}, labels: { a: 1 } }, kind: 'Secret' }))).toEqual([
      `sealed-secret: spec.template.metadata.namespace is an object; ${SOURCE} gives it the type a string`,
      `sealed-secret: spec.template.metadata.labels.a is 1 (number); ${SOURCE} gives it the type a string`,
      `sealed-secret: spec.template.kind is a field ${SOURCE} does not know; the API server refuses it (strict field validation)`,
    ]);
    const withoutData = withChange('SealedSecret', 'creds', (sealed) => {
      sealed.spec = { encryptedDate: { password: 'AgB==' } };
    });
    expect(findings(withoutData).filter((line) => line.startsWith('sealed-secret'))).toEqual([
      `sealed-secret: spec.encryptedDate is a field ${SOURCE} does not know; the API server refuses it (strict field validation)`,
      `sealed-secret: spec.encryptedData is missing; ${SOURCE} requires it`,
    ]);
  });
});

describe('enum-values of mounts and AppArmor profiles', () => {
  const enumProblems = (objects: RenderedObject[], release = '1.27') =>
    runChecks(objects, { ...TEST_ENV, kubernetesVersion: release })
      .findings.filter((finding) => finding.rule === 'enum-values')
      .map(({ message, fix }) => `${message} | ${fix}`);

  it('fires for a mountPropagation that is not Bidirectional, HostToContainer or None, "" among them', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.containers[0].volumeMounts = [
        { name: 'settings', mountPath: '/a', mountPropagation: 'Weird' },
        { name: 'settings', mountPath: '/b', mountPropagation: 'hostToContainer' },
        { name: 'settings', mountPath: '/c', mountPropagation: '' },
        { name: 'settings', mountPath: '/d', mountPropagation: 'None' },
        { name: 'settings', mountPath: '/e', mountPropagation: 'HostToContainer' },
      ];
    });
    expect(enumProblems(objects)).toEqual([
      'mountPropagation of volume mount "settings" at /a of container "app" "Weird" is not one of Bidirectional, HostToContainer, None | use one of Bidirectional, HostToContainer, None',
      'mountPropagation of volume mount "settings" at /b of container "app" "hostToContainer" is not one of Bidirectional, HostToContainer, None | write "HostToContainer" (the API server minds the case)',
      'mountPropagation of volume mount "settings" at /c of container "app" "" is not one of Bidirectional, HostToContainer, None | use one of Bidirectional, HostToContainer, None',
    ]);
  });

  it('from 1.30, fires for an AppArmor profile type of no known value, of the pod and of a container', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.securityContext = { appArmorProfile: { type: 'runtimeDefault' } };
      deployment.spec.template.spec.containers[0].securityContext = { appArmorProfile: { type: 'Weird' } };
    });
    expect(enumProblems(objects, '1.37')).toEqual([
      'pod securityContext.appArmorProfile.type "runtimeDefault" is not one of RuntimeDefault, Localhost, Unconfined | write "RuntimeDefault" (the API server minds the case)',
      'securityContext.appArmorProfile.type of container "app" "Weird" is not one of RuntimeDefault, Localhost, Unconfined | use one of RuntimeDefault, Localhost, Unconfined',
    ]);
    expect(enumProblems(objects, '1.29')).toEqual([]);
  });

  it('fires on 1.37 for a supplementalGroupsPolicy, seLinuxChangePolicy, recursiveReadOnly or restart rule of no known value, as 1.37 refuses them', () => {
    // 1.37: 'supplementalGroupsPolicy: Unsupported value: "Bad": supported values: "Merge", "Strict"', likewise
    // seLinuxChangePolicy, recursiveReadOnly ("Disabled", "Enabled", "IfPossible"), restartPolicyRules[0].action
    // ("Restart", "RestartAllContainers") and exitCodes.operator ("In", "NotIn"). 1.27 has none of the fields.
    const objects = withChange('Deployment', 'web', (deployment) => {
      const pod = deployment.spec.template.spec;
      pod.securityContext = { supplementalGroupsPolicy: 'Bad', seLinuxChangePolicy: 'Bad' };
      pod.containers[0].volumeMounts = [
        { name: 'settings', mountPath: '/a', readOnly: true, recursiveReadOnly: 'Yes' },
      ];
      pod.containers[0].restartPolicy = 'Never';
      pod.containers[0].restartPolicyRules = [{ action: 'Kill', exitCodes: { operator: 'Equals', values: [42] } }];
    });
    expect(enumProblems(objects, '1.37')).toEqual([
      'pod securityContext.supplementalGroupsPolicy "Bad" is not one of Merge, Strict | use one of Merge, Strict',
      'pod securityContext.seLinuxChangePolicy "Bad" is not one of MountOption, Recursive | use one of MountOption, Recursive',
      'recursiveReadOnly of volume mount "settings" at /a of container "app" "Yes" is not one of Disabled, Enabled, IfPossible | use one of Disabled, Enabled, IfPossible',
      'restartPolicyRules[0].action of container "app" "Kill" is not one of Restart, RestartAllContainers | use one of Restart, RestartAllContainers',
      'restartPolicyRules[0].exitCodes.operator of container "app" "Equals" is not one of In, NotIn | use one of In, NotIn',
    ]);
    expect(enumProblems(objects, '1.27')).toEqual([]);
  });
});

describe('enum-values of httpGet schemes', () => {
  it('refuses a probe or lifecycle hook scheme other than HTTP and HTTPS, naming the case where only it differs', () => {
    // Both API servers: 'readinessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"',
    // and the same of a preStop hook's and of "http".
    const objects = withChange('Deployment', 'web', (deployment) => {
      Object.assign(deployment.spec.template.spec.containers[0], {
        readinessProbe: { httpGet: { path: '/', port: 8080, scheme: 'FTP' } },
        livenessProbe: { httpGet: { path: '/', port: 8080, scheme: 'http' } },
        lifecycle: { preStop: { httpGet: { path: '/stop', port: 8080, scheme: 'FTP' } } },
      });
    });
    const problems = runChecks(objects, TEST_ENV)
      .findings.filter((finding) => finding.rule === 'enum-values')
      .map(({ message, fix }) => ({ message, fix }));
    expect(problems).toEqual([
      {
        message: 'readinessProbe.httpGet.scheme of container "app" "FTP" is not one of HTTP, HTTPS',
        fix: 'use one of HTTP, HTTPS',
      },
      {
        message: 'livenessProbe.httpGet.scheme of container "app" "http" is not one of HTTP, HTTPS',
        fix: 'write "HTTP" (the API server minds the case)',
      },
      {
        message: 'lifecycle.preStop.httpGet.scheme of container "app" "FTP" is not one of HTTP, HTTPS',
        fix: 'use one of HTTP, HTTPS',
      },
    ]);
  });

  it('passes HTTP, HTTPS and "" (which the API servers default to HTTP)', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      Object.assign(deployment.spec.template.spec.containers[0], {
        readinessProbe: { httpGet: { path: '/', port: 8080, scheme: '' } },
        livenessProbe: { httpGet: { path: '/', port: 8080, scheme: 'HTTPS' } },
        lifecycle: { postStart: { httpGet: { path: '/', port: 8080, scheme: 'HTTP' } } },
      });
    });
    expect(findings(objects).filter((line) => line.startsWith('enum-values'))).toEqual([]);
  });
});

describe("counts of a pod's activeDeadlineSeconds", () => {
  const pod = (activeDeadlineSeconds: unknown): AnyManifest => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'once', namespace: 'shop' },
    spec: { activeDeadlineSeconds, containers: [{ name: 'app', image: 'busybox:1.36' }] },
  });
  const countsOf = (objects: RenderedObject[]) =>
    runChecks(objects, TEST_ENV)
      .findings.filter((finding) => finding.rule === 'counts')
      .map(({ message, fix }) => ({ message, fix }));

  it("refuses a Pod's or a Job pod template's below 1 or above 2147483647, as both API servers do", () => {
    // Both: 'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive'.
    for (const value of [0, -5, 2 ** 31]) {
      expect(countsOf(withObjects(pod(value)))).toEqual([
        {
          message: `the pod's activeDeadlineSeconds must be an integer from 1 to 2147483647, got ${value}`,
          fix: 'give the pod 1 second or more to run, or leave activeDeadlineSeconds out',
        },
      ]);
    }
    const job = withChange('CronJob', 'report', (cronJob) => {
      cronJob.spec.jobTemplate.spec.template.spec.activeDeadlineSeconds = 0;
    });
    expect(countsOf(job)).toEqual([
      {
        message:
          "jobTemplate.spec.template.spec: the pod's activeDeadlineSeconds must be an integer from 1 to 2147483647, got 0",
        fix: 'give the pod 1 second or more to run, or leave activeDeadlineSeconds out',
      },
    ]);
  });

  it("refuses any in the pod template of a Deployment or StatefulSet, whose pods run for good ('not Supported')", () => {
    // Both: 'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported'.
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.activeDeadlineSeconds = 30;
    });
    const statefulSet = withChange('StatefulSet', 'db', (set) => {
      set.spec.template.spec.activeDeadlineSeconds = 1;
    });
    expect([...countsOf(objects), ...countsOf(statefulSet)]).toEqual([
      {
        message:
          "template.spec: the pod's activeDeadlineSeconds is 30, which the API server refuses in a Deployment (not Supported): its pods run for good",
        fix: "remove activeDeadlineSeconds from the pod template (a Job's or a bare Pod's may have one)",
      },
      {
        message:
          "template.spec: the pod's activeDeadlineSeconds is 1, which the API server refuses in a StatefulSet (not Supported): its pods run for good",
        fix: "remove activeDeadlineSeconds from the pod template (a Job's or a bare Pod's may have one)",
      },
    ]);
  });

  it("passes 1 and 2147483647 on a Pod, and a Job template's, beside a Job's own deadline of 0 (only a warning)", () => {
    expect(
      countsOf(withObjects(pod(1), { ...pod(2 ** 31 - 1), metadata: { name: 'long', namespace: 'shop' } })),
    ).toEqual([]);
    const job = withChange('CronJob', 'report', (cronJob) => {
      cronJob.spec.jobTemplate.spec.template.spec.activeDeadlineSeconds = 30;
    });
    expect(countsOf(job)).toEqual([]);
  });
});

// Verdicts of dry runs on 1.27 and 1.37 (the same on both unless a release is named).
describe('port names and numbers of Service target ports and Ingress backends', () => {
  const legacy = (ports: AnyManifest[]) => {
    // A Service without selector, so service-target-port does not look at the port.
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'legacy', namespace: 'shop' },
      spec: { ports },
    };
    const subsets = [{ addresses: [{ ip: '10.0.0.5' }], ports: [{ port: 8080 }] }];
    const endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'legacy', namespace: 'shop' }, subsets };
    return findings(withObjects(service, endpoints));
  };

  it('takes a targetPort of 0, which the API servers read as the port', () => {
    expect(legacy([{ port: 80, targetPort: 0 }])).toEqual([]);
  });

  it('refuses a named targetPort that is no IANA service name, passes one that is', () => {
    expect(
      legacy([
        { name: 'a', port: 80, targetPort: 'HTTP' },
        { name: 'b', port: 81, targetPort: 'averyverylongname' },
        { name: 'c', port: 82, targetPort: '123' },
        { name: 'd', port: 83, targetPort: 'a--b' },
        { name: 'e', port: 84, targetPort: 'http-alt' },
      ]),
    ).toEqual([
      'port-name: port name "HTTP" of the targetPort of port 80 must be at most 15 lower-case letters, digits or single "-", with a letter',
      'port-name: port name "averyverylongname" of the targetPort of port 81 must be at most 15 lower-case letters, digits or single "-", with a letter',
      'port-name: port name "123" of the targetPort of port 82 must be at most 15 lower-case letters, digits or single "-", with a letter',
      'port-name: port name "a--b" of the targetPort of port 83 must be at most 15 lower-case letters, digits or single "-", with a letter',
    ]);
  });

  it("refuses an Ingress backend's port name that is no IANA service name", () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      ingress.spec.rules[0].http.paths[0].backend.service.port = { name: 'my_port' };
      ingress.spec.defaultBackend = { service: { name: 'web', port: { name: 'http' } } };
    });
    expect(findings(objects).filter((line) => line.startsWith('port-name'))).toEqual([
      'port-name: port name "my_port" of the backend Service "web" must be at most 15 lower-case letters, digits or single "-", with a letter',
    ]);
  });
});

describe('ip-block by release, and policyTypes', () => {
  const policy = (spec: AnyManifest) =>
    withObjects({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np', namespace: 'shop' },
      spec: { podSelector: {}, ...spec },
    });
  const messages = (objects: RenderedObject[], release: string) =>
    runChecks(objects, { ...TEST_ENV, kubernetesVersion: release })
      .findings.filter((finding) => finding.rule === 'ip-block')
      .map((finding) => `${finding.message} | ${finding.fix}`);

  it('takes leading 0s, bits beyond the prefix and IPv4-mapped blocks on 1.27, and refuses them from 1.36 on', () => {
    const objects = policy({
      ingress: [
        { from: [{ ipBlock: { cidr: '010.0.0.0/8', except: ['10.1.2.3/16'] } }] },
        { from: [{ ipBlock: { cidr: '::ffff:10.0.0.0/104' } }, { ipBlock: { cidr: '10.1.2.3/8' } }] },
      ],
    });
    expect(messages(objects, '1.27')).toEqual([]);
    expect(messages(objects, '1.37')).toEqual([
      'ingress[0].from[0] ipBlock.cidr "010.0.0.0/8" has leading 0s, which Kubernetes 1.37 refuses (from 1.36 on) | write "10.0.0.0/8"',
      'ingress[0].from[0] ipBlock.except "10.1.2.3/16" has bits set beyond its prefix length, which Kubernetes 1.37 refuses (from 1.36 on) | write "10.1.0.0/16"',
      'ingress[1].from[0] ipBlock.cidr "::ffff:10.0.0.0/104" is an IPv4-mapped IPv6 address, which Kubernetes 1.37 refuses (from 1.36 on) | write an address and a prefix length, e.g. "10.0.0.0/8" (or "10.0.0.5/32" for one address)',
      'ingress[1].from[1] ipBlock.cidr "10.1.2.3/8" has bits set beyond its prefix length, which Kubernetes 1.37 refuses (from 1.36 on) | write "10.0.0.0/8"',
    ]);
  });

  it('refuses more than two policyTypes (a repeated one included), takes a type given twice', () => {
    expect(messages(policy({ policyTypes: ['Ingress', 'Ingress', 'Egress'] }), '1.27')).toEqual([
      'policyTypes ["Ingress","Ingress","Egress"] has 3 entries; the API server takes at most two | list Ingress, Egress or both, each once',
    ]);
    expect(messages(policy({ policyTypes: ['Ingress', 'Ingress'] }), '1.37')).toEqual([]);
  });
});
