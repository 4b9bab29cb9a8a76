import { App } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AppChart, BackendService, Environment, Probe, WebService } from '../../lib';

/** The namespace of the app. */
export const MULTI_PORT_NAMESPACE = 'multi-port';
/** The label of the namespace whose Prometheus scrapes the metrics ports (a namespace the project does not make). */
export const MONITORING = { namespaces: { 'kubernetes.io/metadata.name': 'monitoring' } };

/**
 * Servers of more than one port, through the public API alone: an API that serves HTTP behind an Ingress, gRPC to the
 * web frontend only and metrics to a monitoring namespace only; a DNS-like resolver on TCP and UDP of one number, with
 * an SCTP port too, reached by the API only, and its metrics scraped too.
 */
export function buildMultiPort(env: Environment): App {
  const app = new App();
  const chart = new AppChart(app, 'multi-port', { env, namespace: MULTI_PORT_NAMESPACE });
  const web = new WebService(chart, 'web', { image: 'registry.example.com/shop/web:2.0.0', replicas: 1 });
  const api = new WebService(chart, 'api', {
    image: 'registry.example.com/shop/api:2.0.0',
    replicas: 1,
    host: `api.${env.domain}`,
    allowFrom: [web],
    extraPorts: [
      { name: 'grpc', number: 9000, servicePort: 90, allowFrom: [web] },
      { name: 'metrics', number: 9090, allowFrom: [MONITORING] },
    ],
  });
  new BackendService(chart, 'resolver', {
    image: 'registry.example.com/shop/resolver:1.0.0',
    port: 5353,
    portName: 'dns-tcp',
    servicePort: 53,
    readiness: Probe.tcpSocket('dns-tcp'),
    allowFrom: [api],
    extraPorts: [
      { name: 'dns', number: 5353, servicePort: 53, protocol: kplus.Protocol.UDP },
      { name: 'diameter', number: 3868, protocol: kplus.Protocol.SCTP },
      { name: 'metrics', number: 9153, allowFrom: [MONITORING] },
    ],
  });
  return app;
}
