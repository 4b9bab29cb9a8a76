import { RenderedObject } from '../writer/render';
import { describeObject } from './finding';
import { ObjectIndex } from './object-index';
import { Rule, specOf } from './rule';
import { claimSharing } from './claim-sharing';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * The first object of an environment to take each key of one kind of allocation (a node port, a PersistentVolume, an
 * Ingress route), found once per runChecks (its index): the objects after it that take the key too are refused.
 */
function firstTakers(
  cache: WeakMap<ObjectIndex, ReadonlyMap<string, RenderedObject>>,
  index: ObjectIndex,
  kind: string,
  keysOf: (object: RenderedObject) => readonly string[],
): ReadonlyMap<string, RenderedObject> {
  let takers = cache.get(index);
  if (takers === undefined) {
    const first = new Map<string, RenderedObject>();
    for (const object of index.objects) {
      if (object.manifest.kind === kind) {
        keysOf(object)
          .filter((key) => !first.has(key))
          .forEach((key) => first.set(key, object));
      }
    }
    takers = first;
    cache.set(index, takers);
  }
  return takers;
}

const NODE_PORTS = new WeakMap<ObjectIndex, ReadonlyMap<string, RenderedObject>>();

/** The node ports a Service asks for, as `30080`, once each (a Service may take one for TCP and UDP). */
function nodePortsOf(service: RenderedObject): string[] {
  const ports = (specOf(service).ports ?? []) as Json[];
  return [...new Set(ports.filter((port) => Number.isInteger(port?.nodePort)).map((port) => String(port.nodePort)))];
}

/**
 * A node port a Service asks for that another Service of the environment asked for first: the API server allocates
 * node ports from one range for every Service of the cluster, whatever their protocol or namespace, and refuses the
 * second ("provided port is already allocated").
 */
export const nodePortAllocated: Rule = {
  id: 'node-port-allocated',
  description: 'a nodePort no other Service of the environment takes (the API server allocates each once per cluster)',
  kinds: ['Service'],
  check(service, context) {
    const takers = firstTakers(NODE_PORTS, context.index, 'Service', nodePortsOf);
    return nodePortsOf(service).flatMap((port) => {
      const first = takers.get(port);
      return first === undefined || first === service
        ? []
        : [
            {
              message: `nodePort ${port} is taken by ${describeObject(first)} too: the API server allocates each node port to one Service of the cluster, and refuses this one (provided port is already allocated)`,
              fix: 'choose another nodePort (30000-32767), or leave nodePort out so that the API server picks a free one',
            },
          ];
    });
  },
};

const BOUND_VOLUMES = new WeakMap<ObjectIndex, ReadonlyMap<string, RenderedObject>>();

function volumeNameOf(claim: RenderedObject): string[] {
  const name: unknown = specOf(claim).volumeName;
  return typeof name === 'string' && name !== '' ? [name] : [];
}

/**
 * A claim bound by `volumeName` to a PersistentVolume another claim of the environment binds first: a volume binds
 * one claim, so this one stays Pending, and so do the pods that mount it.
 */
export const volumeClaimedOnce: Rule = {
  id: 'volume-claimed-once',
  description: 'a PersistentVolume bound by volumeName is bound by one claim of the environment',
  kinds: ['PersistentVolumeClaim'],
  check(claim, context) {
    const takers = firstTakers(BOUND_VOLUMES, context.index, 'PersistentVolumeClaim', volumeNameOf);
    return volumeNameOf(claim).flatMap((volume) => {
      const first = takers.get(volume);
      return first === undefined || first === claim
        ? []
        : [
            {
              message: `volumeName "${volume}" is bound by ${describeObject(first)} too: a PersistentVolume binds one claim, so this one stays Pending, and so do the pods that mount it`,
              fix: `give this claim a PersistentVolume of its own, or mount ${describeObject(first)} instead (the pods of one node can share a ReadWriteOnce claim)`,
            },
          ];
    });
  },
};

const ROUTES = new WeakMap<ObjectIndex, ReadonlyMap<string, RenderedObject>>();

/** The annotation that makes an Ingress an ingress-nginx canary: it routes a share of another Ingress's host and path. */
const CANARY_ANNOTATION = 'nginx.ingress.kubernetes.io/canary';

/** The routes of an Ingress as `class host path` keys (the default class and the catch-all host are empty); none for a canary. */
function routesOf(ingress: RenderedObject): string[] {
  const annotations = (ingress.manifest.metadata.annotations ?? {}) as Record<string, unknown>;
  if (annotations[CANARY_ANNOTATION] === 'true') {
    return [];
  }
  const spec = specOf(ingress);
  const className = spec.ingressClassName ?? annotations['kubernetes.io/ingress.class'] ?? '';
  const routes = ((spec.rules ?? []) as Json[]).flatMap((rule) =>
    ((rule?.http?.paths ?? []) as Json[]).map((path) => `${String(className)} ${rule.host ?? ''} ${path?.path ?? '/'}`),
  );
  return [...new Set(routes)];
}

/**
 * A host and path that another Ingress of the same class routes first: ingress-nginx's admission webhook refuses the
 * second Ingress ("host ... and path ... is already defined in ingress ..."), and a controller without that check
 * routes the path to one of the two. Canaries (`nginx.ingress.kubernetes.io/canary: "true"`) share routes on purpose.
 */
export const ingressRouteUnique: Rule = {
  id: 'ingress-route-unique',
  description: 'a host and path that no other Ingress of the same class routes (canaries aside)',
  kinds: ['Ingress'],
  check(ingress, context) {
    const takers = firstTakers(ROUTES, context.index, 'Ingress', routesOf);
    return routesOf(ingress).flatMap((route) => {
      const first = takers.get(route);
      if (first === undefined || first === ingress) {
        return [];
      }
      const [className, host, path] = route.split(' ');
      return [
        {
          message: `${host === '' ? 'every host' : `host "${host}"`} path "${path}" is routed by ${describeObject(first)} too${className === '' ? '' : ` (class ${className})`}: ingress-nginx refuses this Ingress (host and path already defined), and a controller without that check sends the path to one of the two`,
          fix: `route another host or path, merge the two Ingresses, or make this one a canary of ${describeObject(first)} (annotation ${CANARY_ANNOTATION}: "true")`,
        },
      ];
    });
  },
};

export const ALLOCATION_RULES: readonly Rule[] = [
  nodePortAllocated,
  volumeClaimedOnce,
  claimSharing,
  ingressRouteUnique,
];
