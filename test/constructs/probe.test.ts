import { Chart, Duration } from 'cdk8s';
import { ContainerProps } from '../../lib/constructs/container';
import { Pod } from '../../lib/constructs/pod';
import { Probe, intOrString } from '../../lib/constructs/probe';
import { AnyManifest, findObject, testChart } from '../helpers';

/** The first container of the Pod `web` built with this container. */
function container(chart: Chart, props: ContainerProps): AnyManifest {
  new Pod(chart, 'web', { containers: [props] });
  const pod = findObject(chart, 'Pod', 'web');
  return pod.spec.containers[0];
}

const web: ContainerProps = { name: 'web', image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }] };

describe('Probe', () => {
  it('probes an HTTP path on a named port', () => {
    const chart = testChart();
    expect(container(chart, { ...web, readiness: Probe.httpGet('/healthz', 'http') }).readinessProbe).toEqual({
      httpGet: { path: '/healthz', port: 'http' },
    });
  });

  it('probes an HTTP path on a port number', () => {
    const chart = testChart();
    expect(container(chart, { ...web, liveness: Probe.httpGet('/', 8080) }).livenessProbe).toEqual({
      httpGet: { path: '/', port: 8080 },
    });
  });

  it('probes over HTTPS when asked', () => {
    const chart = testChart();
    const probe = container(chart, { ...web, liveness: Probe.httpGet('/', 'http', { https: true }) }).livenessProbe;
    expect(probe.httpGet.scheme).toBe('HTTPS');
  });

  it('is ready while a file exists, for a loop that keeps it only after a round that did its job', () => {
    expect(Probe.fileExists('/heartbeat/ready').toKube()).toEqual({
      exec: { command: ['test', '-e', '/heartbeat/ready'] },
    });
  });

  it('is alive while a file is younger than its maximum age, for a loop that touches it every round', () => {
    expect(Probe.fileFresh('/heartbeat/alive', Duration.minutes(2)).toKube()).toEqual({
      exec: { command: ['sh', '-c', 'test $(( $(date +%s) - $(stat -c %Y /heartbeat/alive) )) -lt 120'] },
    });
  });

  it.each([['heartbeat'], ['/tmp/my file'], ['/tmp/$(id)']])(
    'fails for a file path that is not absolute or that a shell would read as more than a path: %s',
    (path) => {
      expect(() => container(testChart(), { ...web, liveness: Probe.fileFresh(path, Duration.minutes(1)) })).toThrow(
        `test/web: containers[0].liveness (Probe.fileFresh) path must be absolute and only letters, digits, ".", "_", ` +
          `"-" and "/", got "${path}"`,
      );
      expect(() => container(testChart(), { ...web, readiness: Probe.fileExists(path) })).toThrow(
        'test/web: containers[0].readiness (Probe.fileExists) path must be absolute',
      );
    },
  );

  it('leaves the HTTP scheme to its default (HTTP) otherwise', () => {
    expect(Probe.httpGet('/', 8080, { https: false }).toKube().httpGet?.scheme).toBeUndefined();
  });

  it('connects to a TCP port', () => {
    const chart = testChart();
    expect(container(chart, { ...web, readiness: Probe.tcpSocket('http') }).readinessProbe).toEqual({
      tcpSocket: { port: 'http' },
    });
  });

  it('runs a command in the container', () => {
    const chart = testChart();
    const probe = container(chart, { ...web, liveness: Probe.exec(['cat', '/tmp/healthy']) }).livenessProbe;
    expect(probe).toEqual({ exec: { command: ['cat', '/tmp/healthy'] } });
  });

  it('keeps its own copy of the command', () => {
    const command = ['cat', '/tmp/healthy'];
    const probe = Probe.exec(command);
    command.push('/tmp/other');
    expect(probe.toKube().exec?.command).toEqual(['cat', '/tmp/healthy']);
  });

  it('writes its timing in seconds', () => {
    const probe = Probe.httpGet('/', 'http', {
      initialDelay: Duration.seconds(5),
      period: Duration.seconds(20),
      timeout: Duration.seconds(2),
      failureThreshold: 6,
    });
    expect(probe.toKube()).toMatchObject({
      initialDelaySeconds: 5,
      periodSeconds: 20,
      timeoutSeconds: 2,
      failureThreshold: 6,
    });
  });

  it('writes a delay given in minutes in seconds', () => {
    expect(Probe.tcpSocket(6379, { initialDelay: Duration.minutes(1) }).toKube().initialDelaySeconds).toBe(60);
  });

  it("leaves the timing to the kubelet's defaults unless given", () => {
    const chart = testChart();
    const probe = container(chart, { ...web, readiness: Probe.tcpSocket(8080) }).readinessProbe;
    expect(probe).not.toHaveProperty('initialDelaySeconds');
    expect(probe).not.toHaveProperty('periodSeconds');
    expect(probe).not.toHaveProperty('timeoutSeconds');
    expect(probe).not.toHaveProperty('failureThreshold');
  });

  it('tells the port it targets, as a number or a name', () => {
    expect(Probe.httpGet('/', 8080).port).toBe(8080);
    expect(Probe.httpGet('/', 'http').port).toBe('http');
    expect(Probe.tcpSocket(6379).port).toBe(6379);
    expect(Probe.tcpSocket('redis').port).toBe('redis');
  });

  it('targets no port when it runs a command', () => {
    expect(Probe.exec(['true']).port).toBeUndefined();
  });

  it("fails, at the container's pod, when it targets a port name the container does not have", () => {
    const chart = testChart();
    expect(() => container(chart, { ...web, readiness: Probe.httpGet('/', 'health') })).toThrow(
      /^test\/web: containers\[web\]: a probe targets port "health", which the container does not name; named ports: "http"$/,
    );
  });

  it('fails when a liveness probe targets a port name on a container without named ports', () => {
    const chart = testChart();
    expect(() =>
      container(chart, {
        name: 'web',
        image: 'nginx:1.27',
        ports: [{ number: 8080 }],
        liveness: Probe.tcpSocket('http'),
      }),
    ).toThrow(
      /^test\/web: containers\[web\]: a probe targets port "http", which the container does not name; named ports: none$/,
    );
  });

  it.each<[string, Duration, string]>([
    [
      'period',
      Duration.seconds(0),
      'from 1 to 2147483647 seconds, got 0 seconds; Kubernetes reads 0 as its default of 10 seconds: leave period out for it',
    ],
    [
      'timeout',
      Duration.seconds(0),
      'from 1 to 2147483647 seconds, got 0 seconds; Kubernetes reads 0 as its default of 1 second: leave timeout out for it',
    ],
    [
      'initialDelay',
      Duration.seconds(2 ** 31),
      'from 0 to 2147483647 seconds, got 2147483648 seconds; the API server counts it in a 32-bit integer',
    ],
    [
      'period',
      Duration.days(30000),
      'from 1 to 2147483647 seconds, got 2592000000 seconds; the API server counts it in a 32-bit integer',
    ],
  ])('fails when %s is %p, which the API server refuses or reads as its default', (key, duration, message) => {
    expect(() =>
      container(testChart(), { ...web, readiness: Probe.httpGet('/', 'http', { [key]: duration }) }),
    ).toThrow(`test/web: containers[0].readiness (Probe.httpGet) options.${key} must be ${message}`);
  });

  it('takes the largest durations the API server takes, and an initial delay of 0', () => {
    const largest = Duration.seconds(2 ** 31 - 1);
    const probe = Probe.tcpSocket('http', { initialDelay: Duration.seconds(0), period: largest, timeout: largest });
    expect(container(testChart(), { ...web, liveness: probe }).livenessProbe).toEqual({
      tcpSocket: { port: 'http' },
      initialDelaySeconds: 0,
      periodSeconds: 2147483647,
      timeoutSeconds: 2147483647,
    });
  });

  it('fails when a duration is not a whole number of seconds', () => {
    expect(() => Probe.httpGet('/', 'http', { timeout: Duration.millis(500) }).toKube()).toThrow(
      /500 millis.*whole number of seconds/,
    );
  });
});

describe('intOrString', () => {
  it('keeps a number a number and a name a string', () => {
    expect(intOrString(8080).value).toBe(8080);
    expect(intOrString('http').value).toBe('http');
  });

  it('calls the gRPC health check on a port number, for a service name when given', () => {
    const chart = testChart();
    const grpc = { ...web, ports: [{ number: 9090, name: 'grpc' }] };
    const probe = container(chart, { ...grpc, readiness: Probe.grpc(9090, { service: 'orders.v1.Orders' }) });
    expect(probe.readinessProbe).toEqual({ grpc: { port: 9090, service: 'orders.v1.Orders' } });
    expect(Probe.grpc(9090).toKube()).toEqual({ grpc: { port: 9090 } });
  });

  it('fails for a gRPC probe on a port the container does not declare', () => {
    expect(() => container(testChart(), { ...web, liveness: Probe.grpc(9090) })).toThrow(
      'test/web: containers[web]: a probe targets port 9090, which the container does not declare; declared ports: ' +
        '8080 ("http"); declare port 9090 in `ports` or probe a declared port',
    );
  });

  it.each<[unknown, string]>([
    [0, '0'],
    [70000, '70000'],
    [80.5, '80.5'],
    ['8080', '"8080" (a string)'],
  ])('fails for a gRPC probe port that is not a port number: %p', (port, shown) => {
    expect(() => container(testChart(), { ...web, liveness: Probe.grpc(port as number) })).toThrow(
      `test/web: containers[0].liveness (Probe.grpc) port must be an integer from 1 to 65535, got ${shown}`,
    );
  });
});
