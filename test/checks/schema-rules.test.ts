import { runChecks } from '../../lib/checks/run-checks';
import { CheckedEnvironment } from '../../lib/checks/rule';
import {
  CompactSchema,
  REMOVED,
  SchemaValidator,
  decodeObject,
  loadSchema,
  mergeSchemas,
  schemaReleaseFor,
  valueRuleFor,
} from '../../lib/checks/schema-rules';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { baseline, findings, withChange, TEST_ENV } from './fixtures';

/** The schema findings of `objects` in `env` (Kubernetes 1.27 unless told), as `message | fix` lines. */
function schemaFindings(objects = baseline(), env: CheckedEnvironment = TEST_ENV): string[] {
  return runChecks(objects, env)
    .findings.filter((finding) => finding.rule === 'schema')
    .map((finding) => `${finding.message} | ${finding.fix}`);
}

/** The api-version and schema findings of `objects` in `env`, as `rule: message` lines. */
function ruleFindings(objects: RenderedObject[], env: CheckedEnvironment): string[] {
  return runChecks(objects, env)
    .findings.filter((finding) => finding.rule === 'api-version' || finding.rule === 'schema')
    .map((finding) => `${finding.rule}: ${finding.message}`);
}

/** The baseline plus one raw object of this apiVersion and kind in namespace shop, as an escape hatch would add it. */
function withObject(apiVersion: string, kind: string, fields: AnyManifest = {}): RenderedObject[] {
  const manifest = { apiVersion, kind, metadata: { name: 'extra', namespace: 'shop' }, ...fields };
  return [...baseline(), { path: 'shop/extra', manifest } as RenderedObject];
}

/** The test environment on another Kubernetes release. */
function onRelease(kubernetesVersion: string): CheckedEnvironment {
  return { ...TEST_ENV, kubernetesVersion };
}

describe('schema', () => {
  it('passes the baseline', () => {
    expect(schemaFindings()).toEqual([]);
    expect(findings(baseline())).toEqual([]);
  });

  describe('unknown fields', () => {
    it("suggests Kubernetes' own name for a field written in another case (a props key in a patch)", () => {
      const objects = withChange('Service', 'web', (service) => {
        service.spec.clusterIp = 'None';
      });
      expect(schemaFindings(objects)).toEqual([
        'spec.clusterIp is not a field of ServiceSpec; did you mean clusterIP? | rename spec.clusterIp to clusterIP',
      ]);
    });

    it('suggests the field a misspelling is closest to: a missing letter, two letters swapped', () => {
      const objects = withChange('Deployment', 'web', (deployment) => {
        deployment.spec.replica = 3;
        deployment.spec.template.spec.contianers = [];
      });
      expect(schemaFindings(objects)).toEqual([
        'spec.template.spec.contianers is not a field of PodSpec; did you mean containers? | rename spec.template.spec.contianers to containers',
        'spec.replica is not a field of DeploymentSpec; did you mean replicas? | rename spec.replica to replicas',
      ]);
    });

    it('lists the fields of the definition when no name is close', () => {
      const objects = withChange('ConfigMap', 'settings', (configMap) => {
        configMap.colour = 'blue';
      });
      expect(schemaFindings(objects)).toEqual([
        'colour is not a field of ConfigMap | remove it, or use a field of ConfigMap: apiVersion, binaryData, data, immutable, kind, metadata',
      ]);
    });

    it('checks metadata too, quoting keys that are not identifiers in the path', () => {
      const objects = withChange('ConfigMap', 'settings', (configMap) => {
        configMap.metadata.label = { tier: 'web' };
        configMap.metadata.annotations = { 'example.com/owner': { team: 'web' } };
      });
      expect(schemaFindings(objects)).toEqual([
        'metadata.label is not a field of ObjectMeta; did you mean labels? | rename metadata.label to labels',
        'metadata.annotations["example.com/owner"] must be a string, got {"team":"web"} | write a string',
      ]);
    });
  });

  describe('types', () => {
    it('refuses a quoted number where an integer is required, and tells to drop the quotes', () => {
      const objects = withChange('Service', 'web', (service) => {
        service.spec.ports[0].port = '80';
      });
      expect(schemaFindings(objects)).toEqual([
        'spec.ports[0].port must be an integer (int32), got "80" | write 80, without quotes',
      ]);
    });

    it('refuses a fraction, and an integer beyond int32', () => {
      const objects = withChange('Deployment', 'web', (deployment) => {
        deployment.spec.minReadySeconds = 2.5;
        deployment.spec.progressDeadlineSeconds = 2 ** 31;
      });
      expect(schemaFindings(objects)).toEqual([
        'spec.minReadySeconds must be an integer (int32), got 2.5 | write an integer (int32) from -2147483648 to 2147483647',
        'spec.progressDeadlineSeconds must be an integer (int32), got 2147483648 | write an integer (int32) from -2147483648 to 2147483647',
      ]);
    });

    it('refuses a number or a boolean where a string is required, and tells to quote it', () => {
      const objects = withChange('Deployment', 'web', (deployment) => {
        deployment.spec.template.spec.containers[0].env.push({ name: 'WORKERS', value: 3 });
        deployment.spec.template.spec.containers[0].tty = 'true';
      });
      expect(schemaFindings(objects)).toEqual([
        'spec.template.spec.containers[0].env[2].value must be a string, got 3 | write "3", with quotes',
        'spec.template.spec.containers[0].tty must be true or false, got "true" | write true, without quotes',
      ]);
    });

    it('refuses a quoted boolean', () => {
      const objects = withChange('ConfigMap', 'settings', (configMap) => {
        configMap.immutable = 'true';
      });
      expect(schemaFindings(objects)).toEqual([
        'immutable must be true or false, got "true" | write true, without quotes',
      ]);
    });

    it('refuses a map where a list is required, and a list where an object is required', () => {
      const objects = withChange('Deployment', 'web', (deployment) => {
        deployment.spec.template.spec.containers[0].args = { verbose: true };
        deployment.spec.strategy = [];
      });
      expect(schemaFindings(objects)).toEqual([
        'spec.template.spec.containers[0].args must be a list of string, got {"verbose":true} | write a list of string',
        'spec.strategy must be an object (DeploymentStrategy), got [] | write an object (DeploymentStrategy)',
      ]);
    });

    it('takes an integer or a string in an IntOrString field, nothing else', () => {
      const objects = withChange('Service', 'web', (service) => {
        service.spec.ports = [
          { port: 80, targetPort: 8080, name: 'a' },
          { port: 81, targetPort: 'http', name: 'b' },
          { port: 82, targetPort: 80.5, name: 'c' },
          { port: 83, targetPort: { value: 8080 }, name: 'd' },
        ];
      });
      expect(schemaFindings(objects)).toEqual([
        'spec.ports[2].targetPort must be an integer or a string (IntOrString), got 80.5 | write an integer or a string (IntOrString)',
        'spec.ports[3].targetPort must be an integer or a string (IntOrString), got {"value":8080} | write an integer or a string (IntOrString)',
      ]);
    });

    it('takes a quantity as a string that parses, or a number', () => {
      const objects = withChange('PersistentVolumeClaim', 'data', (claim) => {
        claim.spec.resources.requests.storage = 2;
        claim.spec.resources.limits = { storage: '1 GB' };
      });
      expect(schemaFindings(objects)).toEqual([
        'spec.resources.limits.storage must be a quantity, got "1 GB" | write a quantity such as "250m", "1", "128Mi" or "1Gi"',
      ]);
    });

    it('takes base64 text in a byte field', () => {
      const objects = withChange('Secret', 'web-tls', (secret) => {
        secret.data['tls.crt'] = 'LS0tLS1CRUdJTg==';
        secret.data['tls.key'] = 'not base64!';
      });
      expect(schemaFindings(objects)).toEqual([
        'data["tls.key"] must be base64 text, got "not base64!" | encode the value in base64, or put it in stringData as text',
      ]);
    });

    it("reads a value that is no base64 as its text for the other rules: one finding, the schema's", () => {
      // The Secret keeps its tls.key for secret-type-keys, and a Docker config written as text is read as JSON.
      const tls = withChange('Secret', 'web-tls', (secret) => {
        secret.data['tls.key'] = 'not base64!';
      });
      // plaintext-secret's is another mistake: a Secret's value written in git at all.
      expect(findings(tls)).toEqual([
        'schema: data["tls.key"] must be base64 text, got "not base64!"',
        'plaintext-secret: holds data.tls.key in plain text, which would be committed to git',
      ]);
      const docker = withChange('Secret', 'web-tls', (secret) => {
        secret.type = 'kubernetes.io/dockerconfigjson';
        secret.data = { '.dockerconfigjson': '{"auths": {}}' };
      });
      expect(findings(docker)).toEqual([
        'schema: data[".dockerconfigjson"] must be base64 text, got "{\\"auths\\": {}}"',
        'plaintext-secret: holds data..dockerconfigjson in plain text, which would be committed to git',
      ]);
    });

    it('shortens a long bad value', () => {
      const objects = withChange('Deployment', 'web', (deployment) => {
        deployment.spec.template.spec.containers[0].args = 'x'.repeat(100);
      });
      expect(schemaFindings(objects)).toEqual([
        `spec.template.spec.containers[0].args must be a list of string, got "${'x'.repeat(55)}..." | write a list of string`,
      ]);
    });
  });

  describe('values a rule of value-rules.ts reports with a message of its own', () => {
    it.each<[string, string, (manifest: AnyManifest) => void, string]>([
      [
        'a container request',
        'Deployment',
        (deployment) => (deployment.spec.template.spec.containers[0].resources.requests.cpu = '50 m'),
        'quantity',
      ],
      [
        'an init container limit',
        'Deployment',
        (deployment) => {
          deployment.spec.template.spec.initContainers = [
            { name: 'init', image: 'busybox:1.36', resources: { limits: { 'nvidia.com/gpu': 'one' } } },
          ];
        },
        'quantity',
      ],
      [
        'an emptyDir size',
        'Deployment',
        (deployment) => deployment.spec.template.spec.volumes.push({ name: 'tmp', emptyDir: { sizeLimit: '1gb' } }),
        'quantity',
      ],
      ['a label value', 'ConfigMap', (configMap) => (configMap.metadata.labels = { tier: 3 }), 'label-syntax'],
      [
        'a pod template label value',
        'Deployment',
        (deployment) =>
          (deployment.spec.template.metadata.labels = { ...deployment.spec.template.metadata.labels, tier: true }),
        'label-syntax',
      ],
      ['a replica count', 'Deployment', (deployment) => (deployment.spec.replicas = 2.5), 'counts'],
      [
        "a CronJob's Job ttl",
        'CronJob',
        (cronJob) => (cronJob.spec.jobTemplate.spec.ttlSecondsAfterFinished = '1h'),
        'counts',
      ],
    ])('leaves %s of the wrong type to its rule, so it is reported once', (_what, kind, change, rule) => {
      const name = String(baseline().find((object) => object.manifest.kind === kind)?.manifest.metadata.name);
      const reported = findings(withChange(kind, name, change)).map((line) => line.split(':')[0]);
      expect(reported).toEqual([rule]);
    });

    it('reports what the value rule lets through: a count beyond int32, a quantity in a claim limit', () => {
      const objects = withChange('Deployment', 'web', (deployment) => {
        deployment.spec.replicas = 2 ** 31;
      });
      expect(findings(objects)).toEqual(['schema: spec.replicas must be an integer (int32), got 2147483648']);
    });

    it('knows the rule of each such value by kind and path', () => {
      expect(
        valueRuleFor('CronJob', 'spec.jobTemplate.spec.template.spec.containers[0].resources.requests.cpu', 'x'),
      ).toBe('quantity');
      expect(valueRuleFor('Pod', 'spec.containers[0].resources.limits["nvidia.com/gpu"]', 'x')).toBe('quantity');
      expect(valueRuleFor('StatefulSet', 'spec.volumeClaimTemplates[0].spec.resources.requests.storage', 'x')).toBe(
        'quantity',
      );
      expect(valueRuleFor('PersistentVolume', 'spec.capacity.storage', 'x')).toBe('quantity');
      expect(valueRuleFor('Service', 'spec.selector.app', 1)).toBe('label-syntax');
      expect(valueRuleFor('PodDisruptionBudget', 'spec.selector.matchLabels.app', 1)).toBe('label-syntax');
      expect(valueRuleFor('Job', 'spec.backoffLimit', '3')).toBe('counts');
      expect(valueRuleFor('Job', 'spec.backoffLimit', 2 ** 31)).toBeUndefined();
      expect(valueRuleFor('PersistentVolumeClaim', 'spec.resources.limits.storage', 'x')).toBeUndefined();
      expect(valueRuleFor('Pod', 'spec.containers[0].resources.requests', 'x')).toBeUndefined();
      expect(valueRuleFor('ConfigMap', 'data.labels', 1)).toBeUndefined();
    });
  });

  describe('required fields', () => {
    it('refuses a Deployment without a selector, and a container without a name', () => {
      const objects = withChange('Deployment', 'web', (deployment) => {
        delete deployment.spec.selector;
        delete deployment.spec.template.spec.containers[0].name;
      });
      expect(schemaFindings(objects)).toEqual([
        'spec.template.spec.containers[0].name is missing; Container requires name | add spec.template.spec.containers[0].name',
        'spec.selector is missing; DeploymentSpec requires selector and template | add spec.selector',
      ]);
    });

    it('reads a spec left out or null as the empty spec the API server validates, where the document does not require it', () => {
      for (const spec of [undefined, null]) {
        const objects = withChange('Deployment', 'web', (deployment) => {
          deployment.spec = spec;
        });
        // 1.27's document does not require a Deployment's spec; both servers refuse one without.
        expect(schemaFindings(objects)).toEqual([
          'spec.selector is missing; DeploymentSpec requires selector and template | add spec.selector',
          'spec.template is missing; DeploymentSpec requires selector and template | add spec.template',
        ]);
        expect(schemaFindings(objects, onRelease('1.37'))).toEqual([
          'spec is missing; Deployment requires spec | add spec',
        ]);
        for (const release of ['1.27', '1.37']) {
          expect(schemaFindings(withObject('batch/v1', 'Job', { spec }), onRelease(release))).toEqual([
            'spec.template is missing; JobSpec requires template | add spec.template',
          ]);
        }
      }
    });

    it("reads a CronJob's job template without spec as the empty spec the API server validates", () => {
      for (const release of ['1.27', '1.37']) {
        const objects = withChange('CronJob', 'report', (cronJob) => {
          cronJob.spec.jobTemplate = { metadata: { labels: { app: 'report' } } };
        });
        expect(schemaFindings(objects, onRelease(release))).toEqual([
          'spec.jobTemplate.spec.template is missing; JobSpec requires template | add spec.jobTemplate.spec.template',
        ]);
      }
    });

    it('takes a spec left out where the API server fills in what its spec requires', () => {
      for (const release of ['1.27', '1.37']) {
        expect(schemaFindings(withObject('networking.k8s.io/v1', 'NetworkPolicy'), onRelease(release))).toEqual([]);
        expect(schemaFindings(withObject('v1', 'LimitRange'), onRelease(release))).toEqual([]);
      }
    });

    it('refuses a Service port without a port number', () => {
      const objects = withChange('Service', 'web', (service) => {
        delete service.spec.ports[0].port;
      });
      expect(schemaFindings(objects)).toEqual([
        'spec.ports[0].port is missing; ServicePort requires port | add spec.ports[0].port',
      ]);
    });
  });

  describe('kinds', () => {
    it('skips kinds the schema does not know: custom resources', () => {
      const objects = withChange('SealedSecret', 'creds', (sealed) => {
        sealed.spec.anything = { goes: 1 };
      });
      expect(schemaFindings(objects)).toEqual([]);
    });

    it('refuses an apiVersion of a built-in group that does not serve the kind, naming the one that does', () => {
      // apps/v1beta1 never had a DaemonSet, so api-versions.json has no row for it: only this check reports it.
      const objects = withObject('apps/v1beta1', 'DaemonSet');
      expect(schemaFindings(objects)).toEqual([
        'apiVersion apps/v1beta1 serves no DaemonSet in Kubernetes 1.27 | write apiVersion: apps/v1',
      ]);
      expect(ruleFindings(objects, TEST_ENV)).toEqual([
        'schema: apiVersion apps/v1beta1 serves no DaemonSet in Kubernetes 1.27',
      ]);
    });

    it('suggests the kind a misspelled kind of a built-in group is closest to', () => {
      const objects = withChange('ConfigMap', 'settings', (configMap) => {
        configMap.kind = 'Configmap';
      });
      expect(schemaFindings(objects)).toEqual([
        'apiVersion v1 serves no Configmap in Kubernetes 1.27; did you mean ConfigMap? | write kind: ConfigMap',
      ]);
    });

    it('reports the object, with its construct path', () => {
      const objects = withChange('Service', 'web', (service) => {
        service.spec.clusterIp = 'None';
      });
      const [finding] = runChecks(objects, TEST_ENV).findings.filter((found) => found.rule === 'schema');
      expect(finding.object.path).toBe('shop/Service-web');
    });
  });
});

describe("schema, on the environment's Kubernetes release", () => {
  const ON_1_37 = onRelease('1.37');

  it('passes the baseline on 1.37 too', () => {
    expect(schemaFindings(baseline(), ON_1_37)).toEqual([]);
  });

  it('takes a field that 1.37 added on 1.37, and refuses it on 1.27 naming the fields 1.27 has', () => {
    const objects = withChange('Service', 'web', (service) => {
      service.spec.trafficDistribution = 'PreferClose';
    });
    expect(schemaFindings(objects, ON_1_37)).toEqual([]);
    expect(schemaFindings(objects)).toEqual([
      'spec.trafficDistribution is not a field of ServiceSpec | remove it, or use a field of ServiceSpec: ' +
        'allocateLoadBalancerNodePorts, clusterIP, clusterIPs, externalIPs, externalName, externalTrafficPolicy, ' +
        'healthCheckNodePort, internalTrafficPolicy, ipFamilies, ipFamilyPolicy, loadBalancerClass, loadBalancerIP, ' +
        'loadBalancerSourceRanges, ports, publishNotReadyAddresses, selector, sessionAffinity, sessionAffinityConfig, type',
    ]);
  });

  it('refuses on 1.37 a field that 1.37 no longer has, and takes it on 1.27', () => {
    const objects = withChange('PersistentVolumeClaim', 'data', (claim) => {
      claim.spec.resources.claims = [{ name: 'gpu' }];
    });
    expect(schemaFindings(objects)).toEqual([]);
    expect(schemaFindings(objects, ON_1_37)).toEqual([
      'spec.resources.claims is not a field of VolumeResourceRequirements | remove it, or use a field of VolumeResourceRequirements: limits, requests',
    ]);
  });

  describe('a kind that only 1.37 serves', () => {
    const withClass = (fields: AnyManifest): RenderedObject[] => [
      ...baseline(),
      {
        path: 'shop/VolumeAttributesClass-fast',
        manifest: {
          apiVersion: 'storage.k8s.io/v1',
          kind: 'VolumeAttributesClass',
          metadata: { name: 'fast' },
          ...fields,
        } as RenderedObject['manifest'],
      },
    ];

    it('has its fields checked on 1.37', () => {
      expect(
        schemaFindings(withClass({ driverName: 'csi.example.com', parameters: { iops: '3000' } }), ON_1_37),
      ).toEqual([]);
      expect(schemaFindings(withClass({ driverNam: 'csi.example.com', parameters: { iops: 3000 } }), ON_1_37)).toEqual([
        'driverNam is not a field of VolumeAttributesClass; did you mean driverName? | rename driverNam to driverName',
        'parameters.iops must be a string, got 3000 | write "3000", with quotes',
        'driverName is missing; VolumeAttributesClass requires driverName | add driverName',
      ]);
    });

    it("is left to the api-version check on 1.27, which does not serve it, and on 1.35, whose schema is 1.27's", () => {
      const objects = withClass({ driverNam: 'csi.example.com' });
      expect(schemaFindings(objects)).toEqual([]);
      expect(schemaFindings(objects, onRelease('1.35'))).toEqual([]);
      expect(runChecks(objects, TEST_ENV).findings.map((finding) => finding.rule)).toContain('api-version');
    });
  });

  it('names the release whose schema it checks against in an apiVersion it does not serve', () => {
    expect(schemaFindings(withObject('apps/v1beta1', 'DaemonSet'), ON_1_37)).toEqual([
      'apiVersion apps/v1beta1 serves no DaemonSet in Kubernetes 1.37 | write apiVersion: apps/v1',
    ]);
  });

  describe('an apiVersion the release no longer serves (a raw ApiObject)', () => {
    it('is reported once on 1.27, by api-version, which says what replaces it', () => {
      const objects = withObject('policy/v1beta1', 'PodDisruptionBudget', { spec: { minAvailable: 1 } });
      expect(ruleFindings(objects, TEST_ENV)).toEqual([
        'api-version: apiVersion policy/v1beta1 of PodDisruptionBudget is not served by Kubernetes 1.27 ' +
          '(kubernetesVersion of environment test): removed in 1.25, use policy/v1 PodDisruptionBudget',
      ]);
    });

    it('is reported once on 1.37, by api-version, with none of its fields, which 1.27 checks as it serves it', () => {
      const objects = withObject('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', {
        spec: { priorityLevelConfiguration: { name: 'workload-low' }, matchingPrecedenc: 500 },
      });
      expect(ruleFindings(objects, ON_1_37)).toEqual([
        'api-version: apiVersion flowcontrol.apiserver.k8s.io/v1beta3 of FlowSchema is not served by Kubernetes 1.37 ' +
          '(kubernetesVersion of environment test): removed in 1.32, use flowcontrol.apiserver.k8s.io/v1 FlowSchema',
      ]);
      expect(ruleFindings(objects, TEST_ENV)).toEqual([
        'schema: spec.matchingPrecedenc is not a field of FlowSchemaSpec; did you mean matchingPrecedence?',
      ]);
    });

    it('is reported once on a release between two schemas that no longer serves it (1.33, checked with 1.27)', () => {
      const objects = withObject('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', {
        spec: { priorityLevelConfiguration: { name: 'workload-low' }, matchingPrecedenc: 500 },
      });
      expect(ruleFindings(objects, onRelease('1.33')).map((line) => line.split(':')[0])).toEqual(['api-version']);
    });
  });

  it('on a release between two schemas, takes a field either knows and refuses one neither knows', () => {
    const objects = withChange('Service', 'web', (service) => {
      service.spec.trafficDistribution = 'PreferClose';
    });
    const claims = withChange('PersistentVolumeClaim', 'data', (claim) => {
      claim.spec.resources.claims = [{ name: 'gpu' }];
    });
    const sidecar = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.initContainers = [{ name: 'proxy', image: 'nginx:1.27', restartPolicy: 'Always' }];
    });
    for (const release of ['1.30', '1.33', '1.36']) {
      expect(schemaFindings(objects, onRelease(release))).toEqual([]);
      expect(schemaFindings(claims, onRelease(release))).toEqual([]);
      expect(schemaFindings(sidecar, onRelease(release))).toEqual([]);
    }
    const misspelt = withChange('Service', 'web', (service) => {
      service.spec.clusterIp = 'None';
    });
    expect(schemaFindings(misspelt, onRelease('1.33'))).toEqual([
      'spec.clusterIp is not a field of ServiceSpec; did you mean clusterIP? | rename spec.clusterIp to clusterIP',
    ]);
  });

  it('merges two schemas into what either takes: fields of either, fields both require, values of either enum', () => {
    const older: CompactSchema = {
      kubernetes: 'k8s.io/kubernetes@v1.27.16',
      kinds: { 'v1/Thing': 'Thing' },
      definitions: {
        Thing: { properties: { a: 'string', b: 'string', mode: 'string', kept: 'string' }, required: ['a', 'b'] },
        Old: { properties: { x: 'string' }, required: ['x'], enums: { x: ['One'] } },
      },
    };
    const newer: CompactSchema = {
      kubernetes: 'k8s.io/kubernetes@v1.37.2',
      kinds: { 'v1/Thing': 'Thing', 'v1/New': 'New' },
      definitions: {
        Thing: {
          properties: { a: 'string', c: 'string', mode: 'string' },
          required: ['a', 'c'],
          enums: { mode: ['B'] },
        },
        New: { properties: { y: 'string' }, required: ['y'] },
      },
    };
    const merged = mergeSchemas(older, newer);
    expect(merged.kubernetes).toBe('k8s.io/kubernetes@v1.27.16');
    expect(merged.kinds).toEqual({ 'v1/Thing': 'Thing', 'v1/New': 'New' });
    expect(merged.definitions.Thing).toEqual({
      properties: { a: 'string', b: 'string', c: 'string', mode: 'string', kept: 'string' },
      required: ['a'],
    });
    expect(merged.definitions.Old).toEqual(older.definitions.Old);
    expect(merged.definitions.New).toEqual(newer.definitions.New);
    const both: CompactSchema = {
      ...older,
      definitions: { Thing: { properties: { mode: 'string' }, enums: { mode: ['A'] } } },
    };
    expect(mergeSchemas(both, newer).definitions.Thing.enums).toEqual({ mode: ['A', 'B'] });
  });

  it('checks a release with no schema of its own against the newest schema before it', () => {
    expect(['1.27', '1.28', '1.36', '1.37'].map(schemaReleaseFor)).toEqual(['1.27', '1.27', '1.27', '1.37']);
    expect(() => schemaReleaseFor('1.26')).toThrow(
      'no schema for Kubernetes 1.26: the oldest the schema check knows is 1.27',
    );
  });

  it('reads the schema of each release from imports/', () => {
    expect(loadSchema('1.27').kubernetes).toBe('k8s.io/kubernetes@v1.27.16');
    expect(loadSchema('1.37').kubernetes).toBe('k8s.io/kubernetes@v1.37.2');
  });
});

describe('schema, on the metadata of a custom resource', () => {
  const sealed = (metadata: AnyManifest): RenderedObject[] =>
    withChange('SealedSecret', 'creds', (manifest) => {
      manifest.metadata = { ...manifest.metadata, ...metadata };
    });

  it("refuses metadata the API server does not decode: it reads them as every object's", () => {
    expect(schemaFindings(sealed({ name: true, owner: 'me' }))).toEqual([
      'metadata.name must be a string, got true | write "true", with quotes',
      'metadata.owner is not a field of ObjectMeta | remove it, or use a field of ObjectMeta: annotations, creationTimestamp, deletionGracePeriodSeconds, deletionTimestamp, finalizers, generateName, generation, labels, managedFields, name, namespace, ownerReferences, resourceVersion, selfLink, uid',
    ]);
  });

  it('takes the metadata the baseline gives its SealedSecret, and leaves the rest of a custom resource to its own rules', () => {
    expect(schemaFindings(sealed({ annotations: { note: 'x' } }))).toEqual([]);
    expect(schemaFindings(withObject('example.com/v1', 'Widget', { spec: { size: 'any' } }))).toEqual([]);
  });
});

describe('a missing required field', () => {
  it('is reported once, by schema, and not again as a broken reference to "undefined"', () => {
    const objects = baseline().map((object) => {
      const manifest: AnyManifest = structuredClone(object.manifest);
      if (manifest.kind === 'StatefulSet') {
        delete manifest.spec.template.spec.containers[0].name;
      }
      if (manifest.kind === 'RoleBinding') {
        delete manifest.roleRef.name;
      }
      return { ...object, manifest };
    });
    expect(findings(objects).sort()).toEqual([
      'schema: roleRef.name is missing; RoleRef requires apiGroup, kind and name',
      'schema: spec.template.spec.containers[0].name is missing; Container requires name',
    ]);
  });

  it('is not reported where the API server takes the object without it (it fills it in, or its zero value is valid)', () => {
    const objects = baseline().map((object) => {
      const manifest: AnyManifest = structuredClone(object.manifest);
      if (manifest.kind === 'StatefulSet') {
        delete manifest.spec.serviceName;
      }
      if (manifest.kind === 'Deployment') {
        const pod = manifest.spec.template.spec;
        pod.securityContext = { ...pod.securityContext, sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start' }] };
        pod.containers[0].readinessProbe = { httpGet: { path: '/', port: 'http', httpHeaders: [{ name: 'X-Probe' }] } };
      }
      return { ...object, manifest };
    });
    const extra = (apiVersion: string, kind: string, fields: AnyManifest, namespace?: string): RenderedObject => ({
      path: `shop/${kind}-extra`,
      manifest: { apiVersion, kind, metadata: { name: 'extra', namespace }, ...fields } as RenderedObject['manifest'],
    });
    objects.push(
      extra('networking.k8s.io/v1', 'NetworkPolicy', { spec: { policyTypes: ['Ingress'] } }, 'shop'),
      extra('scheduling.k8s.io/v1', 'PriorityClass', { description: 'value 0' }),
      extra('discovery.k8s.io/v1', 'EndpointSlice', { addressType: 'IPv4' }, 'shop'),
      // A token request without audience is for the API server's own audiences (gate-fuzz on the raw kinds, seed 1).
      extra('storage.k8s.io/v1', 'CSIDriver', { spec: { tokenRequests: [{ expirationSeconds: 3600 }] } }),
      extra('storage.k8s.io/v1', 'CSINode', {}),
      extra('v1', 'LimitRange', { spec: {} }, 'shop'),
    );
    expect(schemaFindings(objects)).toEqual([]);
    expect(schemaFindings(objects, onRelease('1.37'))).toEqual([]);
  });

  it('is not reported for a sleep hook without seconds on 1.37 (0 seconds), nor a pod failure policy without rules', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.containers[0].lifecycle = { preStop: { sleep: {} } };
    });
    objects.push({
      path: 'shop/Job-extra',
      manifest: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'extra', namespace: 'shop' },
        spec: {
          podFailurePolicy: {},
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'nginx:1.27' }] } },
        },
      } as RenderedObject['manifest'],
    });
    expect(schemaFindings(objects, onRelease('1.37'))).toEqual([]);
  });
});

describe('SchemaValidator', () => {
  const schema: CompactSchema = {
    kubernetes: 'k8s.io/kubernetes@v1.27.16',
    kinds: { 'example.k8s.io/v1/Gadget': 'x.Gadget' },
    definitions: {
      'x.Gadget': {
        properties: {
          apiVersion: 'string',
          kind: 'string',
          metadata: 'object',
          mode: 'string',
          parts: 'x.Part[]',
          since: 'date-time',
        },
        enums: { mode: ['Fast', 'Slow'] },
      },
      'x.Part': { properties: { name: 'string', tags: 'string[]{}', size: 'number', any: 'any' }, required: ['name'] },
    },
  };
  const validator = new SchemaValidator(schema);
  const problems = (gadget: object) =>
    validator
      .problems({ apiVersion: 'example.k8s.io/v1', kind: 'Gadget', metadata: {}, ...gadget })
      .map((problem) => `${problem.message} | ${problem.fix}`);

  it('refuses a value outside an enum, listing the allowed ones', () => {
    expect(problems({ mode: 'fast' })).toEqual(['mode "fast" is not one of Fast, Slow | write one of Fast, Slow']);
    expect(problems({ mode: 'Fast' })).toEqual([]);
  });

  it('checks lists, maps of lists, numbers, RFC 3339 times, and takes anything in an `any` field', () => {
    expect(
      problems({
        parts: [{ name: 'a', tags: { x: ['1', 2] }, size: 1.5, any: [{ deep: true }] }, { size: 'big' }],
        since: '2024-01-31 12:00',
      }),
    ).toEqual([
      'parts[0].tags.x[1] must be a string, got 2 | write "2", with quotes',
      'parts[1].size must be a number, got "big" | write a number',
      'parts[1].name is missing; Part requires name | add parts[1].name',
      'since must be a time in RFC 3339, got "2024-01-31 12:00" | write a time such as "2024-01-31T12:00:00Z"',
    ]);
    expect(problems({ since: '2024-01-31T12:00:00.5+01:00' })).toEqual([]);
  });

  it('takes null for any field, as Kubernetes does', () => {
    expect(problems({ mode: null, parts: [{ name: 'a', tags: null }] })).toEqual([]);
  });

  const repairs = (gadget: object) =>
    validator.decode({ apiVersion: 'example.k8s.io/v1', kind: 'Gadget', metadata: {}, ...gadget }).repairs;

  it('decodes a null field as absent, and a null list item or map entry as the zero value of its type', () => {
    expect(repairs({ mode: null, parts: [null, { name: 'a', tags: { x: ['1', null], y: null } }] })).toEqual([
      { path: ['mode'], value: REMOVED },
      { path: ['parts', 0], value: {} },
      { path: ['parts', 1, 'tags', 'x', 1], value: '' },
      { path: ['parts', 1, 'tags', 'y'], value: [] },
    ]);
  });

  it('decodes a value of the wrong type, which it reports, as absent, or in a list as the zero value', () => {
    expect(repairs({ mode: 7, parts: [{ name: 'a', size: 'big' }, 'part', { name: 'b', tags: [] }] })).toEqual([
      { path: ['mode'], value: REMOVED },
      { path: ['parts', 0, 'size'], value: REMOVED },
      { path: ['parts', 1], value: {} },
      { path: ['parts', 2, 'tags'], value: REMOVED },
    ]);
    expect(repairs({ mode: 'Fast', parts: [{ name: 'a', any: 7, tags: { x: ['1'] } }] })).toEqual([]);
  });

  it('leaves a value of the wrong type that another check reports to that check', () => {
    const decoded = validator.decode(
      { apiVersion: 'example.k8s.io/v1', kind: 'Gadget', metadata: {}, parts: 'x', since: 1 },
      (kind, path) => kind === 'Gadget' && path === 'since',
    );
    expect(decoded.repairs).toEqual([{ path: ['parts'], value: REMOVED }]);
    expect(decoded.problems.map((problem) => problem.message)).toEqual(['parts must be a list of Part, got "x"']);
  });
});

describe('decodeObject', () => {
  it('gives the rules the object itself when the API server decodes it as written', () => {
    const [, , settings] = baseline();
    expect(decodeObject(settings, '1.27')).toEqual({ problems: [], decoded: settings });
    expect(decodeObject(settings, '1.27').decoded).toBe(settings);
  });

  it('gives the rules a copy without nulls and values of the wrong type, with their problems', () => {
    const deployment = baseline().find((object) => object.manifest.kind === 'Deployment')!;
    const manifest = structuredClone(deployment.manifest) as AnyManifest;
    manifest.metadata.annotations = null;
    manifest.spec.template.spec.containers[0].ports = 8080;
    // An atomic list (command) takes a null item as its zero value; a keyed list does not (see below).
    manifest.spec.template.spec.containers[0].command = ['serve', null];
    const { problems, decoded } = decodeObject({ path: deployment.path, manifest }, '1.27');
    expect(problems.map((problem) => problem.message)).toEqual([
      'spec.template.spec.containers[0].ports must be a list of ContainerPort, got 8080',
    ]);
    const spec = (decoded.manifest as AnyManifest).spec.template.spec;
    expect(decoded.manifest.metadata).not.toHaveProperty('annotations');
    expect(spec.containers[0]).not.toHaveProperty('ports');
    expect(spec.containers[0].command).toEqual(['serve', '']);
    expect(decoded.path).toBe(deployment.path);
    expect(manifest.spec.template.spec.containers[0].ports).toBe(8080);
  });

  it('leaves an apiVersion the release does not serve to the api-version check', () => {
    const object = {
      path: 'shop/old',
      manifest: { apiVersion: 'batch/v1beta1', kind: 'CronJob', metadata: { name: 'old' }, spec: 7 },
    } as RenderedObject;
    expect(decodeObject(object, '1.27')).toEqual({ problems: [], decoded: object });
  });
});

describe("server-side apply's keyed lists", () => {
  const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}, release = '1.27') =>
    decodeObject(
      {
        path: 'shop/pod',
        manifest: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p', namespace: 'shop', ...metadata },
          spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...spec },
        },
      },
      release,
    ).problems.map((problem) => problem.message);
  const service = (ports: unknown[]) =>
    decodeObject(
      {
        path: 'shop/svc',
        manifest: { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'shop' }, spec: { ports } },
      },
      '1.37',
    ).problems.map((problem) => problem.message);

  it.each(['1.27', '1.30', '1.37'])('refuses a null item of a list merged by key or a set, in %s', (release) => {
    expect(pod({ imagePullSecrets: [{ name: 'pull' }, null] }, {}, release)).toEqual([
      'spec.imagePullSecrets[1] is null, in a list keyed by name: server-side apply (npm run apply) refuses a null item there',
    ]);
    expect(pod({}, { finalizers: [null] }, release)).toEqual([
      'metadata.finalizers[0] is null, in a set: server-side apply (npm run apply) refuses a null item there',
    ]);
    expect(pod({ containers: [{ name: 'app', image: 'nginx:1.25', ports: [null] }] }, {}, release)).toEqual([
      'spec.containers[0].ports[0] is null, in a list keyed by containerPort and protocol: server-side apply (npm run apply) refuses a null item there',
    ]);
  });

  it('takes a null item of an atomic list, as its zero value', () => {
    expect(pod({ containers: [{ name: 'app', image: 'nginx:1.25', args: [null] }], tolerations: [] })).toEqual([]);
  });

  it.each([
    ['1.27', 'v1beta3'],
    ['1.37', 'v1'],
  ])(
    'reads a null item of an atomic list of objects as an empty one, its required fields missing, in %s',
    (release, version) => {
      // Both API servers: 'spec.rules[0].subjects[0].kind: Unsupported value: ""' (gate-fuzz on the raw kinds, seed 41).
      const flowSchema = (subjects: unknown[]) =>
        decodeObject(
          {
            path: 'raw/deployer',
            manifest: {
              apiVersion: `flowcontrol.apiserver.k8s.io/${version}`,
              kind: 'FlowSchema',
              metadata: { name: 'deployer' },
              spec: {
                priorityLevelConfiguration: { name: 'batch' },
                rules: [{ nonResourceRules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }], subjects }],
              },
            },
          },
          release,
        ).problems.map((problem) => `${problem.message} | ${problem.fix}`);
      expect(flowSchema([null])).toEqual([
        'spec.rules[0].subjects[0].kind is missing; Subject requires kind | add spec.rules[0].subjects[0].kind',
      ]);
      expect(flowSchema([{ kind: 'User', user: { name: 'a' } }])).toEqual([]);
    },
  );

  it('refuses two items with one key, a key field left out counting with its default', () => {
    expect(pod({ imagePullSecrets: [{ name: 'a' }, { name: 'b' }, { name: 'a' }] })).toEqual([
      'spec.imagePullSecrets[2] has the key of item 0 (name="a"), in a list keyed by name: server-side apply (npm run apply) refuses two items with one key',
    ]);
    expect(pod({}, { finalizers: ['example.com/a', 'example.com/a'] })).toEqual([
      'metadata.finalizers[1] has the key of item 0 ("example.com/a"), in a set: server-side apply (npm run apply) refuses two items with one key',
    ]);
    const owner = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', name, uid: 'u-1' });
    expect(pod({}, { ownerReferences: [owner('a'), owner('b')] })).toEqual([
      'metadata.ownerReferences[1] has the key of item 0 (uid="u-1"), in a list keyed by uid: server-side apply (npm run apply) refuses two items with one key',
    ]);
    expect(
      service([
        { name: 'a', port: 80 },
        { name: 'b', port: 80, protocol: 'TCP' },
        { name: 'c', port: 80, protocol: 'UDP' },
      ]),
    ).toEqual([
      'spec.ports[1] has the key of item 0 (port=80,protocol="TCP"), in a list keyed by port and protocol: server-side apply (npm run apply) refuses two items with one key',
    ]);
    expect(
      pod({
        hostAliases: [
          { ip: '10.0.0.1', hostnames: ['a'] },
          { ip: '10.0.0.2', hostnames: ['a'] },
        ],
      }),
    ).toEqual([]);
  });

  it('leaves the repeated names of containers, volumes, ports, env and mounts to unique-names', () => {
    const env = [
      { name: 'A', value: '1' },
      { name: 'A', value: '2' },
    ];
    expect(pod({ containers: [{ name: 'app', image: 'nginx:1.25', env }] })).toEqual([]);
    expect(
      pod({
        containers: [
          { name: 'app', image: 'a:1' },
          { name: 'app', image: 'b:1' },
        ],
      }),
    ).toEqual([]);
  });

  it('refuses an item without its key field before 1.34, and only one without any key field from 1.34', () => {
    expect(pod({ imagePullSecrets: [{}] }, {}, '1.27')).toEqual([
      'spec.imagePullSecrets[0] has no name, the key of its list: server-side apply (npm run apply) refuses an item without its key in Kubernetes 1.27',
    ]);
    // 1.37's schema gives the name a default (""), so the item has a key.
    expect(pod({ imagePullSecrets: [{}] }, {}, '1.37')).toEqual([]);
    // A container's name has a default in both, so a missing name is only the missing required field.
    expect(pod({ containers: [{ image: 'nginx:1.25' }] }, {}, '1.27')).toEqual([
      'spec.containers[0].name is missing; Container requires name',
    ]);
  });
});
