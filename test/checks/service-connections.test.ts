import { ApiObject, App, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { runChecks } from '../../lib/checks/run-checks';
import { Environment } from '../../lib/config/environment';
import { AppChart, BackendService, Probe, StatefulSet, Volume, WebService } from '../../lib';
import { connectionsOf } from '../../lib/checks/service-connections';
import { ObjectIndex } from '../../lib/checks/object-index';
import { renderApp } from '../../lib/writer/render';
import { AnyManifest, DEV } from '../helpers';

/** The warnings of the rule for an app of `build`, as `path: message` lines. */
function connectionWarnings(build: (app: App) => void, env: Environment = DEV): string[] {
  const app = Testing.app();
  build(app);
  const objects = renderApp(app).flatMap((file) => file.objects);
  const result = runChecks(objects, env);
  expect(result.findings.filter((finding) => finding.rule === 'service-connections')).toEqual([]);
  return result.warnings
    .filter((warning) => warning.rule === 'service-connections')
    .map((warning) => `${warning.object.path}: ${warning.message}`);
}

interface Tickets {
  readonly chart: AppChart;
  readonly api: BackendService;
}

/** A web front, its API on 8080 (Service port 8080) and Postgres, in namespace `tickets`; `web` gets `env`. */
function tickets(
  app: App,
  options: {
    apiClients?: 'web' | 'none';
    dbClients?: 'api' | 'none';
    webEnv?: Record<string, string>;
    webArgs?: string[];
    webCommand?: string[];
  } = {},
): Tickets {
  const chart = new AppChart(app, 'tickets', { env: DEV, namespace: 'tickets' });
  const db = new StatefulSet(chart, 'postgres', {
    port: 5432,
    containers: [
      {
        name: 'postgres',
        image: 'postgres:16.4',
        ports: [{ number: 5432, name: 'postgres' }],
        readiness: Probe.exec(['pg_isready']),
      },
    ],
    volumeClaimTemplates: [{ name: 'data', mountPath: '/var/lib/postgresql/data', storage: Size.gibibytes(1) }],
    allowFrom: [],
  });
  const api = new BackendService(chart, 'api', {
    image: 'ghcr.io/acme/tickets-api:2.1.0',
    port: 8080,
    portName: 'http',
    readiness: Probe.httpGet('/healthz', 8080),
    env: { DB_HOST: 'postgres', DB_USER: 'postgres' },
    allowFrom: [],
  });
  const web = new WebService(chart, 'web', {
    image: 'ghcr.io/acme/tickets-web:2.1.0',
    containerPort: 8080,
    env: options.webEnv ?? { API_URL: 'http://api:8080' },
    args: options.webArgs,
    command: options.webCommand,
    host: 'tickets.example.com',
  });
  if (options.apiClients === 'web') {
    // The allowFrom a user writes, added after the fact: a second server with the same name in another chart is not
    // possible, so the test opens the API's port with the NetworkPolicy allowFrom would write.
    allowIngress(chart, 'api-from-web', 'api', 'web', [{ port: 8080 }]);
  }
  if (options.dbClients === 'api') {
    allowIngress(chart, 'postgres-from-api', 'postgres', 'api');
  }
  void db;
  void web;
  return { chart, api };
}

/** A NetworkPolicy `name` that lets the pods of app `from` into those of app `to` (on `ports`, or every port). */
function allowIngress(chart: AppChart, name: string, to: string, from: string, ports?: { port: number }[]): void {
  new ApiObject(chart, name, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name },
    spec: {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': to } },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': from } } }], ...(ports && { ports }) },
      ],
    },
  });
}

const WEB_TO_API_DENIED =
  'tickets/web/Deployment/Resource: container "app" env API_URL ("http://api:8080") connects to Service tickets/api, whose pods (Deployment tickets/api) take traffic only as NetworkPolicy tickets/default-deny admit, and none admits these pods on port http';
const API_TO_DB_DENIED =
  'tickets/api/Deployment/Resource: container "api" env DB_HOST ("postgres") connects to Service tickets/postgres, whose pods (StatefulSet tickets/postgres) take traffic only as NetworkPolicy tickets/default-deny, NetworkPolicy tickets/postgres-allow-ingress admit, and none admits these pods';

describe('service-connections', () => {
  it('warns of a Service a container connects to whose pods the NetworkPolicies close to it', () => {
    expect(connectionWarnings((app) => tickets(app))).toEqual([API_TO_DB_DENIED, WEB_TO_API_DENIED]);
  });

  it('is quiet once a NetworkPolicy admits the clients, on the port they connect to', () => {
    expect(connectionWarnings((app) => tickets(app, { apiClients: 'web', dbClients: 'api' }))).toEqual([]);
  });

  it('names the fix: the client in the server allowFrom', () => {
    const app = Testing.app();
    tickets(app);
    const warning = runChecks(
      renderApp(app).flatMap((file) => file.objects),
      DEV,
    ).warnings.find((each) => each.rule === 'service-connections' && each.object.path.startsWith('tickets/web'));
    expect(warning?.fix).toBe(
      'let these pods in: name this workload in the allowFrom of api (allowFrom: [web]), or allow it in a NetworkPolicy of namespace tickets',
    );
  });

  it('reads a Service in every DNS form the cluster resolves, and leaves names of no namespace of ours alone', () => {
    const warnings = connectionWarnings((app) =>
      tickets(app, {
        apiClients: 'web',
        dbClients: 'api',
        webEnv: {
          SHORT: 'http://api:8080',
          QUALIFIED: 'http://api.tickets:8080/v1',
          CLUSTER: 'https://api.tickets.svc.cluster.local:8081/',
          SVC: 'api.tickets.svc:8082',
          LOCAL: 'http://localhost:9000',
          ADDRESS: 'http://10.0.0.7:8080',
          INTERNET: 'https://api.example.com:8081',
          OTHER_CLUSTER: 'http://api.payments.svc.cluster.local:8081',
          // A URL of no connection: a bucket, a file, the app's own scheme.
          UPLOADS_URL: 's3://uploads/incoming',
          // The container's own host names: no Service.
          HOSTNAME: 'tickets',
          PUBLIC_HOST: 'tickets',
          BIND_ADDRESS: 'web',
          CALLBACK_URL: 'tickets://web/done',
        },
      }),
    );
    expect(warnings.map((line) => line.replace(/^.*env (\w+) .*(port \d+).*$/, '$1 $2'))).toEqual([
      'CLUSTER port 8081',
      'SVC port 8082',
    ]);
    expect(warnings[0]).toBe(
      'tickets/web/Deployment/Resource: container "app" env CLUSTER ("https://api.tickets.svc.cluster.local:8081/") connects to port 8081 of Service tickets/api, which has no such port (its ports: 8080)',
    );
  });

  it('warns of a Service the project does not make in its namespace, unless the environment declares it', () => {
    const build = (app: App) =>
      tickets(app, { apiClients: 'web', dbClients: 'api', webEnv: { BILLING_HOST: 'billing' } });
    expect(connectionWarnings(build)).toEqual([
      'tickets/web/Deployment/Resource: container "app" env BILLING_HOST ("billing") names Service tickets/billing, which the project does not make: the name does not resolve',
    ]);
    const declared = { ...DEV, external: { ...DEV.external, services: ['tickets/billing'] } };
    expect(connectionWarnings(build, declared)).toEqual([]);
  });

  it('takes a bare word for a host only in a variable of a host', () => {
    // DB_USER=postgres names the database user, not the Service; DB_HOST=postgres is the Service.
    const warnings = connectionWarnings((app) => tickets(app, { apiClients: 'web' }));
    expect(warnings).toEqual([API_TO_DB_DENIED]);
  });

  it('reads ConfigMap values and lists of StatefulSet members by their governing Service', () => {
    const warnings = connectionWarnings((app) => {
      const chart = new AppChart(app, 'pipeline', { env: DEV, namespace: 'pipeline' });
      new StatefulSet(chart, 'broker', {
        port: 9092,
        replicas: 3,
        containers: [
          {
            name: 'kafka',
            image: 'apache/kafka:3.8.0',
            ports: [{ number: 9092, name: 'client' }],
            readiness: Probe.tcpSocket(9092),
          },
        ],
        allowFrom: [],
      });
      const settings = new kplus.ConfigMap(chart, 'settings', {
        data: { KAFKA_BOOTSTRAP_SERVERS: 'broker-0.broker:9092,broker-1.broker:9092', BROKER_ADMIN: 'broker:9093' },
      });
      // Every key of a shared ConfigMap: a Service it names must exist with the port, whoever reads it.
      new BackendService(chart, 'archiver', {
        image: 'ghcr.io/acme/archiver:1.0.0',
        port: 8080,
        portName: 'http',
        readiness: Probe.tcpSocket(8080),
        envFromConfigMaps: [settings],
      });
      // One key by name: the container connects to it.
      new BackendService(chart, 'consumer', {
        image: 'ghcr.io/acme/consumer:1.0.0',
        port: 8080,
        portName: 'http',
        readiness: Probe.tcpSocket(8080),
        env: { KAFKA_BOOTSTRAP_SERVERS: kplus.EnvValue.fromConfigMap(settings, 'KAFKA_BOOTSTRAP_SERVERS') },
      });
    });
    expect(warnings).toEqual([
      'pipeline/archiver/Deployment/Resource: container "archiver" env BROKER_ADMIN ("broker:9093") connects to port 9093 of Service pipeline/broker, which has no such port (its ports: 9092)',
      'pipeline/consumer/Deployment/Resource: container "consumer" env KAFKA_BOOTSTRAP_SERVERS ("broker-0.broker:9092,broker-1.broker:9092") connects to Service pipeline/broker, whose pods (StatefulSet pipeline/broker) take traffic only as NetworkPolicy pipeline/default-deny, NetworkPolicy pipeline/broker-allow-ingress admit, and none admits these pods on port client',
    ]);
  });

  it('warns of egress the client namespace closes, across namespaces', () => {
    const warnings = connectionWarnings((app) => {
      const { api } = tickets(app, { dbClients: 'api' });
      const reports = new AppChart(app, 'reports', { env: DEV, namespace: 'reports' });
      new BackendService(reports, 'builder', {
        image: 'ghcr.io/acme/reports:1.0.0',
        port: 8080,
        portName: 'http',
        readiness: Probe.tcpSocket(8080),
        env: { API_URL: 'http://api.tickets:8080' },
      });
      void api;
    });
    expect(warnings.filter((line) => line.startsWith('reports/'))).toEqual([
      'reports/builder/Deployment/Resource: container "builder" env API_URL ("http://api.tickets:8080") connects to Service tickets/api, whose pods (Deployment tickets/api) take traffic only as NetworkPolicy tickets/default-deny admit, and none admits these pods on port http',
      'reports/builder/Deployment/Resource: container "builder" env API_URL ("http://api.tickets:8080") connects to Service tickets/api, but these pods\' egress is governed by NetworkPolicy reports/default-deny, NetworkPolicy reports/allow-dns, NetworkPolicy reports/allow-namespace-egress, and none lets them reach its pods (Deployment tickets/api) on port http',
    ]);
  });

  it('leaves pods alone that resolve names otherwise: host aliases, search domains', () => {
    const warnings = connectionWarnings((app) => {
      const chart = new AppChart(app, 'legacy', { env: DEV, namespace: 'legacy' });
      new BackendService(chart, 'aliased', {
        image: 'ghcr.io/acme/legacy:1.0.0',
        port: 8080,
        portName: 'http',
        readiness: Probe.tcpSocket(8080),
        env: { DB_HOST: 'db' },
        hostAliases: { '10.0.0.5': ['db'] },
      });
      new BackendService(chart, 'searching', {
        image: 'ghcr.io/acme/legacy:1.0.0',
        port: 8081,
        portName: 'http',
        readiness: Probe.tcpSocket(8081),
        env: { DB_HOST: 'db' },
        dnsConfig: { searches: ['corp.example.com'] },
      });
    });
    expect(warnings).toEqual([]);
  });

  describe('in args and command', () => {
    /** Where each connection of the web front is written, as `where -> namespace/service:port`. */
    function webConnections(options: Parameters<typeof tickets>[1]): string[] {
      const app = Testing.app();
      tickets(app, options);
      const objects = renderApp(app).flatMap((file) => file.objects);
      const index = new ObjectIndex(objects);
      const web = objects.find((object) => object.path === 'tickets/web/Deployment/Resource');
      return connectionsOf(web!, { index }).map(
        (connection) => `${connection.where} -> ${connection.namespace}/${connection.service}:${connection.port}`,
      );
    }

    it('reads a flag of a host, a URL, host:port and a shell script, each where it is written', () => {
      const options = {
        apiClients: 'web' as const,
        webEnv: {},
        webCommand: ['sh', '-c', 'until wget -q -O /dev/null "http://api:8080/healthz"; do sleep 2; done; exec web'],
        webArgs: ['--api-host=api', '--upstream', 'http://api.tickets:8080', '-addr=api:8080', 'api.tickets.svc:8080'],
      };
      expect(webConnections(options)).toEqual([
        'command -> tickets/api:8080',
        'args --api-host -> tickets/api:undefined',
        'args --upstream -> tickets/api:8080',
        'args -addr -> tickets/api:8080',
        'args -> tickets/api:8080',
      ]);
      expect(connectionWarnings((app) => tickets(app, options))).toEqual([API_TO_DB_DENIED]);
    });

    it('takes a bare word for a host only after a flag of a host, and leaves addresses of its own alone', () => {
      const webArgs = [
        '--user',
        'postgres',
        '--name=api',
        '--server-port=8080',
        '--bind-address=api',
        '--metrics-bind-address=:9090',
        '--image=postgres:16',
        '-h',
        'postgres',
        '--frame=$(JOB_COMPLETION_INDEX)',
        '--db-host=$(DB_HOST)',
        '--to',
        's3://api/',
        '--archive-url=s3://api/backups',
        'chown',
        '1000:1000',
        'serve',
      ];
      expect(webConnections({ webEnv: {}, webArgs })).toEqual([]);
    });

    it('warns of a Service the project does not make, a port it does not have, and policies that close it', () => {
      const warnings = connectionWarnings((app) =>
        tickets(app, {
          dbClients: 'api',
          webEnv: {},
          webArgs: ['-cache-addr=redis:6379', '--upstream', 'http://api:9090', '--api-url=http://api:8080'],
        }),
      );
      expect(warnings).toEqual([
        'tickets/web/Deployment/Resource: container "app" args -cache-addr ("redis:6379") names Service tickets/redis, which the project does not make: the name does not resolve',
        'tickets/web/Deployment/Resource: container "app" args --upstream ("http://api:9090") connects to port 9090 of Service tickets/api, which has no such port (its ports: 8080)',
        'tickets/web/Deployment/Resource: container "app" args --api-url ("http://api:8080") connects to Service tickets/api, whose pods (Deployment tickets/api) take traffic only as NetworkPolicy tickets/default-deny admit, and none admits these pods on port http',
      ]);
    });
  });

  describe('in the files of a mounted ConfigMap', () => {
    const NGINX = [
      'server {',
      '  listen 8080;',
      '  location / {',
      '    proxy_pass http://api:8080;',
      '  }',
      '  location /old {',
      '    proxy_pass http://legacy:8080;',
      '  }',
      '}',
      '',
    ].join('\n');
    const PROMETHEUS = [
      'scrape_configs:',
      '  - job_name: api',
      '    static_configs:',
      "      - targets: ['api:9090', 'localhost:9090', \"api:8080\"]",
      '',
    ].join('\n');

    /** The proxy of the tickets app, which mounts ConfigMap proxy-config (`data`) at /etc/proxy. */
    function proxy(app: App, data: Record<string, string>, items?: Record<string, string>): void {
      const { chart } = tickets(app, { apiClients: 'web', dbClients: 'api' });
      new ApiObject(chart, 'proxy-config', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'proxy-config' },
        data,
      });
      const config = kplus.ConfigMap.fromConfigMapName(chart, 'proxy-config-ref', 'proxy-config');
      new BackendService(chart, 'proxy', {
        image: 'nginx:1.27.2',
        port: 8080,
        portName: 'http',
        readiness: Probe.tcpSocket(8080),
        mounts: [
          { volume: Volume.fromConfigMap(config, { name: 'config', items }), path: '/etc/proxy', readOnly: true },
        ],
      });
    }

    it('holds a URL or a quoted host:port to the Service and its port, with the key and line, not to the policies', () => {
      expect(connectionWarnings((app) => proxy(app, { 'default.conf': NGINX, 'prometheus.yml': PROMETHEUS }))).toEqual([
        'tickets/proxy/Deployment/Resource: ConfigMap proxy-config-3ffc14ae56 default.conf:7 ("http://legacy:8080"), mounted by container "proxy", names Service tickets/legacy, which the project does not make: the name does not resolve',
        'tickets/proxy/Deployment/Resource: ConfigMap proxy-config-3ffc14ae56 prometheus.yml:4 ("api:9090"), mounted by container "proxy", connects to port 9090 of Service tickets/api, which has no such port (its ports: 8080)',
      ]);
    });

    it('reads only the keys the volume projects, and gives the map where each is written', () => {
      const app = Testing.app();
      proxy(app, { 'default.conf': NGINX, 'prometheus.yml': PROMETHEUS }, { 'default.conf': 'nginx.conf' });
      const objects = renderApp(app).flatMap((file) => file.objects);
      const index = new ObjectIndex(objects);
      const deployment = objects.find((object) => object.path === 'tickets/proxy/Deployment/Resource');
      expect(
        connectionsOf(deployment!, { index }).map(
          (connection) => `${connection.where} -> ${connection.namespace}/${connection.service}:${connection.port}`,
        ),
      ).toEqual([
        'ConfigMap proxy-config-3ffc14ae56 default.conf:4 -> tickets/api:8080',
        'ConfigMap proxy-config-3ffc14ae56 default.conf:7 -> tickets/legacy:8080',
      ]);
    });

    it('reads a ConfigMap a projected volume holds, and none a container does not mount', () => {
      const app = Testing.app();
      proxy(app, { 'default.conf': NGINX });
      const objects = renderApp(app).flatMap((file) => file.objects);
      const index = new ObjectIndex(objects);
      const deployment = objects.find((object) => object.path === 'tickets/proxy/Deployment/Resource')!;
      const spec = (deployment.manifest as AnyManifest).spec.template.spec;
      const config = spec.volumes.find((volume: { name: string }) => volume.name === 'config');
      config.projected = { sources: [{ configMap: config.configMap }] };
      delete config.configMap;
      const services = () => connectionsOf(deployment, { index }).map((connection) => connection.service);
      expect(services()).toEqual(['api', 'legacy']);
      // A file two containers mount is read once.
      spec.containers.push({ ...spec.containers[0], name: 'sidecar' });
      expect(services()).toEqual(['api', 'legacy']);
      spec.containers.pop();
      spec.containers[0].volumeMounts = spec.containers[0].volumeMounts.filter(
        (mount: { name: string }) => mount.name !== 'config',
      );
      expect(services()).toEqual([]);
    });
  });
});
