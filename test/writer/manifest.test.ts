import { ApiObject, App, Chart, IResolver, JsonPatch, Lazy, LazyResolver, ResolutionContext, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as k8s from '../../imports/k8s';
import { buildCourseApp } from '../../lib/course-app';
import { schemaRule } from '../../lib/checks/schema-rules';
import { CheckContext } from '../../lib/checks/rule';
import { manifestOf } from '../../lib/writer/manifest';
import { RenderedObject } from '../../lib/writer/render';
import { chooseEnvironments } from '../../lib/synthesize';

/** Every ApiObject of an app. */
function apiObjects(app: App): ApiObject[] {
  return app.node.findAll().filter((construct): construct is ApiObject => construct instanceof ApiObject);
}

/** Checks that manifestOf gives exactly what cdk8s' toJson gives, key order included. */
function expectSameAsToJson(object: ApiObject): void {
  const ours = manifestOf(object);
  const theirs = object.toJson();
  expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs));
}

describe('manifestOf', () => {
  it.each(chooseEnvironments([]).map((env) => [env.name, env] as const))(
    'renders every object of the course app (%s) exactly as cdk8s toJson does',
    (_name, env) => {
      const objects = apiObjects(buildCourseApp(env));
      expect(objects.length).toBeGreaterThan(50);
      objects.forEach(expectSameAsToJson);
    },
  );

  it('resolves Lazy values, quantities and int-or-strings like cdk8s', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const deployment = new k8s.KubeDeployment(chart, 'd', {
      metadata: { labels: { b: '2', a: '1' }, annotations: {} },
      spec: {
        selector: { matchLabels: { app: 'x' } },
        replicas: Lazy.any({ produce: () => 3 }) as unknown as number,
        strategy: {
          rollingUpdate: { maxSurge: k8s.IntOrString.fromString('25%'), maxUnavailable: k8s.IntOrString.fromNumber(0) },
        },
        template: {
          metadata: { labels: { app: 'x' } },
          spec: {
            containers: [
              {
                name: 'app',
                image: 'nginx',
                resources: { limits: { cpu: k8s.Quantity.fromString('500m') } },
                args: [],
              },
            ],
          },
        },
      },
    });
    new kplus.ConfigMap(chart, 'settings', { data: { z: '1', a: '2' } });
    const raw = new ApiObject(chart, 'raw', {
      apiVersion: 'v1',
      kind: 'List',
      items: [],
      zeta: { value: 1 },
      alpha: null,
    });
    raw.addJsonPatch(JsonPatch.add('/beta', 2), JsonPatch.replace('/zeta/value', 3));
    apiObjects(app).forEach(expectSameAsToJson);
    const manifest = manifestOf(deployment) as {
      spec: { replicas: number; template: { spec: { containers: { resources: unknown }[] } } };
    };
    expect(manifest.spec.replicas).toBe(3);
    expect(manifest.spec.template.spec.containers[0].resources).toEqual({ limits: { cpu: '500m' } });
    expect(manifestOf(raw)).toMatchObject({ beta: 2, zeta: { value: 3 } });
  });

  describe('JSON patches of a typed object', () => {
    function service(chart: Chart): k8s.KubeService {
      return new k8s.KubeService(chart, 'web', {
        metadata: { name: 'web' },
        spec: {
          type: 'NodePort',
          selector: { app: 'web' },
          ports: [{ port: 80, targetPort: k8s.IntOrString.fromNumber(8080) }],
        },
      });
    }

    it("apply to its Kubernetes JSON, with Kubernetes' field names: /spec/clusterIP", () => {
      const web = service(new Chart(Testing.app(), 'c'));
      web.addJsonPatch(JsonPatch.add('/spec/clusterIP', 'None'), JsonPatch.add('/metadata/labels', { tier: 'web' }));
      expect(manifestOf(web)).toMatchObject({ metadata: { labels: { tier: 'web' } }, spec: { clusterIP: 'None' } });
      // cdk8s' own toJson() applies the patch to the props, which have no clusterIP, and drops it.
      expect((web.toJson() as { spec: object }).spec).not.toHaveProperty('clusterIP');
    });

    it('take a bare number in an IntOrString field: targetPort', () => {
      const web = service(new Chart(Testing.app(), 'c'));
      web.addJsonPatch(JsonPatch.replace('/spec/ports/0/targetPort', 9090));
      expect((manifestOf(web) as { spec: { ports: unknown[] } }).spec.ports).toEqual([{ port: 80, targetPort: 9090 }]);
    });

    it('take a bare string in a Quantity field: storage', () => {
      const claim = new k8s.KubePersistentVolumeClaim(new Chart(Testing.app(), 'c'), 'data', {
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: k8s.Quantity.fromString('1Gi') } } },
      });
      claim.addJsonPatch(JsonPatch.replace('/spec/resources/requests/storage', '2Gi'));
      expect((manifestOf(claim) as { spec: unknown }).spec).toEqual({
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '2Gi' } },
      });
    });

    it('write a props key as it is, and the schema check refuses it, naming the field meant', () => {
      const app = Testing.app();
      const web = service(new Chart(app, 'c', { namespace: 'shop' }));
      web.addJsonPatch(JsonPatch.add('/spec/clusterIp', 'None'));
      const manifest = manifestOf(web) as RenderedObject['manifest'];
      expect(manifest.spec).toHaveProperty('clusterIp', 'None');
      expect(
        schemaRule.check({ path: web.node.path, manifest }, { kubernetesVersion: '1.27' } as CheckContext),
      ).toEqual([
        {
          message: 'spec.clusterIp is not a field of ServiceSpec; did you mean clusterIP?',
          fix: 'rename spec.clusterIp to clusterIP',
        },
      ]);
    });

    it('give what toJson() gives, patched after, where the two agree (an added key comes last)', () => {
      const web = service(new Chart(Testing.app(), 'c'));
      web.addJsonPatch(JsonPatch.add('/spec/sessionAffinity', 'ClientIP'));
      expect(manifestOf(web)).toEqual(web.toJson());
      expect(Object.keys((manifestOf(web) as { spec: object }).spec).at(-1)).toBe('sessionAffinity');
    });

    it('apply to the Kubernetes JSON in an app with its own resolvers too', () => {
      const app = new App({ resolvers: [new LazyResolver()] });
      const web = service(new Chart(app, 'c'));
      web.addJsonPatch(JsonPatch.replace('/spec/ports/0/targetPort', 9090), JsonPatch.add('/spec/clusterIP', 'None'));
      expect(manifestOf(web)).toMatchObject({ spec: { clusterIP: 'None', ports: [{ port: 80, targetPort: 9090 }] } });
      expect((web.toJson() as { spec: object }).spec).not.toHaveProperty('clusterIP');
    });

    it('name the construct path when a patch does not apply', () => {
      const web = service(new Chart(Testing.app(), 'c'));
      web.addJsonPatch(JsonPatch.test('/spec/type', 'ClusterIP'));
      expect(() => manifestOf(web)).toThrow(/^Failed serializing construct at path 'c\/web' with name 'web': /);
    });
  });

  it('falls back to toJson for an app with its own resolvers', () => {
    class Upper implements IResolver {
      public resolve(context: ResolutionContext): void {
        if (
          typeof context.value === 'string' &&
          context.key.at(-1) === 'image' &&
          context.value !== context.value.toUpperCase()
        ) {
          context.replaceValue(context.value.toUpperCase());
        }
      }
    }
    const app = new App({ resolvers: [new Upper()] });
    const chart = new Chart(app, 'c');
    const pod = new k8s.KubePod(chart, 'p', { spec: { containers: [{ name: 'app', image: 'nginx' }] } });
    expect((manifestOf(pod) as { spec: { containers: { image: string }[] } }).spec.containers[0].image).toBe('NGINX');
  });

  it('falls back to toJson for a subclass that renders itself', () => {
    class Custom extends ApiObject {
      public toJson(): unknown {
        return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'custom' }, data: { made: 'by toJson' } };
      }
    }
    const custom = new Custom(new Chart(Testing.app(), 'c'), 'x', { apiVersion: 'v1', kind: 'ConfigMap' });
    expect(manifestOf(custom)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'custom' },
      data: { made: 'by toJson' },
    });
  });

  it('renders a map of keys named constructor, value and resolve as given, which cdk8s toJson cuts to its key value', () => {
    const labels = { constructor: 'a', value: 'b', resolve: 'c' };
    const object = new k8s.KubeConfigMap(new Chart(Testing.app(), 'c'), 'x', {
      metadata: { name: 'settings', labels },
      data: { constructor: 'x', value: 'y' },
    });
    expect((object.toJson() as { data: unknown }).data).toEqual({ value: 'y' });
    expect(manifestOf(object)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', labels },
      data: { constructor: 'x', value: 'y' },
    });
  });

  it('names the construct path when a value cannot be rendered', () => {
    class Opaque {
      public readonly size = 3;
    }
    const object = new ApiObject(new Chart(Testing.app(), 'c'), 'x', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: { thing: new Opaque() },
    });
    expect(() => manifestOf(object)).toThrow(
      /^Failed serializing construct at path 'c\/x' with name 'c-x-\w+': Error: can't render non-simple object of type 'Opaque'$/,
    );
  });
});
