import { ApiObject, App, Chart, IResolver, JsonPatch, Lazy, ResolutionContext, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as k8s from '../../imports/k8s';
import { buildCourseApp } from '../../lib/course-app';
import { manifestOf } from '../../lib/writer/manifest';
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

  it('resolves Lazy values, quantities, int-or-strings and patches like cdk8s', () => {
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
    deployment.addJsonPatch(JsonPatch.add('/spec/paused', true));
    new kplus.ConfigMap(chart, 'settings', { data: { z: '1', a: '2' } });
    new ApiObject(chart, 'raw', { apiVersion: 'v1', kind: 'List', items: [], zeta: { value: 1 }, alpha: null });
    apiObjects(app).forEach(expectSameAsToJson);
    const manifest = manifestOf(deployment) as {
      spec: { replicas: number; paused: boolean; template: { spec: { containers: { resources: unknown }[] } } };
    };
    expect(manifest.spec.replicas).toBe(3);
    expect(manifest.spec.paused).toBe(true);
    expect(manifest.spec.template.spec.containers[0].resources).toEqual({ limits: { cpu: '500m' } });
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
