import { RenderedObject } from '../writer/render';
import { Problem } from './finding';
import { CheckContext, Rule, namespaceOf, specOf } from './rule';

type Backend = { service?: { name: string; port?: { number?: number; name?: string } } };

function backendsOf(ingress: RenderedObject): Backend[] {
  const spec = specOf(ingress);
  const paths: Backend[] = (spec.rules ?? []).flatMap((rule: { http?: { paths?: { backend: Backend }[] } }) =>
    (rule.http?.paths ?? []).map((path) => path.backend),
  );
  return spec.defaultBackend === undefined ? paths : [spec.defaultBackend, ...paths];
}

function backendProblem(ingress: RenderedObject, backend: Backend, context: CheckContext): Problem | undefined {
  if (backend.service === undefined) {
    return undefined;
  }
  const namespace = namespaceOf(ingress);
  const { name, port } = backend.service;
  const service = context.index.get('Service', namespace, name);
  if (service === undefined) {
    return {
      message: `backend Service ${namespace}/${name} does not exist`,
      fix: 'route to a Service of this namespace (pass the Service object)',
    };
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ports: any[] = specOf(service).ports ?? [];
  if (
    port !== undefined &&
    !ports.some(
      (candidate) => candidate.port === port.number || (port.name !== undefined && candidate.name === port.name),
    )
  ) {
    const offered = ports.map((candidate) =>
      candidate.name === undefined ? `${candidate.port}` : `${candidate.port} ("${candidate.name}")`,
    );
    return {
      message: `backend port ${JSON.stringify(port.number ?? port.name)} is not a port of Service ${namespace}/${name}, which has ${offered.join(', ') || 'no ports'}`,
      fix: "use one of the Service's port numbers or names",
    };
  }
  return undefined;
}

export const ingressBackend: Rule = {
  id: 'ingress-backend',
  description: 'an Ingress backend names an existing Service of its namespace and one of its ports',
  kinds: ['Ingress'],
  check(ingress, context) {
    return backendsOf(ingress).flatMap((backend) => backendProblem(ingress, backend, context) ?? []);
  },
};

export const ingressTlsSecret: Rule = {
  id: 'ingress-tls-secret',
  description: "an Ingress's TLS secret exists in its namespace (or is declared external)",
  kinds: ['Ingress'],
  check(ingress, context) {
    const namespace = namespaceOf(ingress);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (specOf(ingress).tls ?? []).flatMap((tls: any) => {
      const name = tls.secretName;
      if (
        name === undefined ||
        context.index.get('Secret', namespace, name) !== undefined ||
        context.external.secrets.includes(`${namespace}/${name}`)
      ) {
        return [];
      }
      return [
        {
          message: `TLS Secret ${namespace}/${name} does not exist`,
          fix: `create the Secret in the project, or declare "${namespace}/${name}" in the environment's external.secrets`,
        },
      ];
    });
  },
};

export const INGRESS_RULES: readonly Rule[] = [ingressBackend, ingressTlsSecret];
