import { compareReleases } from '../config/kubernetes-version';
import { Problem } from './finding';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * The release whose schema has an httpGet handler's `protocol` (HTTP1 or HTTP2, for H2C probes): 1.37, where
 * H2CContainerProbe is alpha and off by default, so its API server drops the field before validating it, whatever
 * its value (dropHTTPProbeProtocol). 1.27 has no such field: the schema check reports it as unknown.
 */
export const HTTP_GET_PROTOCOL_SINCE = '1.37';

/** The probes and lifecycle hooks of a container that may hold an httpGet handler, by their path in it. */
function httpGetHandlers(container: Json): [string, Json][] {
  const handlers: [string, Json][] = ['readinessProbe', 'livenessProbe', 'startupProbe'].map((name) => [
    name,
    container[name],
  ]);
  for (const hook of ['postStart', 'preStop']) {
    handlers.push([`lifecycle.${hook}`, container.lifecycle?.[hook]]);
  }
  return handlers.filter(
    ([, handler]) => handler?.httpGet?.protocol !== undefined && handler.httpGet.protocol !== null,
  );
}

/** A warning of each httpGet protocol of a container, which the API server of `release` drops. */
export function httpGetProtocolProblems(container: Json, release: string): Problem[] {
  if (compareReleases(release, HTTP_GET_PROTOCOL_SINCE) < 0) {
    return [];
  }
  return httpGetHandlers(container).map(([where, handler]) => ({
    warning: true,
    message: `container "${container.name}" ${where}.httpGet.protocol ${JSON.stringify(handler.httpGet.protocol)} is dropped by the API server of Kubernetes ${release} (H2CContainerProbe is alpha there, off by default): the kubelet speaks HTTP/1.1 to it`,
    fix: 'leave protocol out; a probe of HTTP/2 without TLS (H2C) needs the H2CContainerProbe feature gate, which the cluster does not turn on by default',
  }));
}
