import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { PropShape, checkShape, is } from './prop-shapes';
import {
  INT32_MAX,
  checkInstance,
  checkOptionalSeconds,
  checkStringList,
  checkString,
  describeGiven,
  fail,
} from './validation';

/** A well-known server that does not speak HTTP, and the name its port goes by. */
export interface NonHttpServer {
  /** The server, e.g. "Redis". */
  readonly server: string;
  /** Its IANA service name, a fitting container port name, e.g. "redis". */
  readonly portName: string;
}

/** The default ports of well-known servers that do not speak HTTP, which an HTTP probe can never pass on. */
export const NON_HTTP_PORTS: Readonly<Record<number, NonHttpServer>> = {
  2181: { server: 'ZooKeeper', portName: 'zookeeper' },
  3306: { server: 'MySQL', portName: 'mysql' },
  4222: { server: 'NATS', portName: 'nats' },
  5432: { server: 'PostgreSQL', portName: 'postgresql' },
  5672: { server: 'RabbitMQ', portName: 'amqp' },
  6379: { server: 'Redis', portName: 'redis' },
  9092: { server: 'Kafka', portName: 'kafka' },
  11211: { server: 'memcached', portName: 'memcache' },
  27017: { server: 'MongoDB', portName: 'mongodb' },
};

/** How often and how patiently the kubelet probes. */
export interface ProbeOptions {
  /** Wait this long after the container starts before the first probe. @default - no delay */
  readonly initialDelay?: Duration;
  /** Time between probes. @default Duration.seconds(10) */
  readonly period?: Duration;
  /** Time a probe may take. @default Duration.seconds(1) */
  readonly timeout?: Duration;
  /** Failed probes in a row before the container is marked failed. @default 3 */
  readonly failureThreshold?: number;
}

/** Options of an HTTP probe. */
export interface HttpProbeOptions extends ProbeOptions {
  /** Probe over HTTPS (the certificate is not verified). @default false */
  readonly https?: boolean;
}

/** Options of a gRPC probe. */
export interface GrpcProbeOptions extends ProbeOptions {
  /** The service name the health check asks about (grpc.health.v1). @default - the server as a whole ("") */
  readonly service?: string;
}

/** The shape of a probe's options, whichever factory took them. */
const PROBE_OPTIONS_SHAPE = {
  initialDelay: is.seconds,
  period: is.seconds,
  timeout: is.seconds,
  failureThreshold: is.count(1),
  https: is.bool,
  service: is.anyText,
} satisfies PropShape<HttpProbeOptions & GrpcProbeOptions>;

/**
 * The default Kubernetes puts in place of a probe's period or timeout of 0 (seen on 1.27 and 1.37), so that 0 never
 * means 0 there; an initial delay of 0 is none.
 */
const ZERO_MEANS_SECONDS: Readonly<Record<'initialDelay' | 'period' | 'timeout', number | undefined>> = {
  initialDelay: undefined,
  period: 10,
  timeout: 1,
};

/** What a factory was given, as JavaScript may give it: checked by the container that uses the probe, with its path. */
interface ProbeArguments {
  /** The factory, e.g. "httpGet". */
  readonly factory: string;
  readonly path?: unknown;
  readonly port?: unknown;
  readonly command?: unknown;
  /** A file path that goes into a shell command (fileExists, fileFresh). */
  readonly file?: unknown;
  /** How old the file may be (fileFresh). */
  readonly maxAge?: unknown;
  readonly options: unknown;
}

/** A readiness, liveness or startup probe. */
export class Probe {
  /** An HTTP GET that succeeds on a 2xx or 3xx answer. `port` is a container port number or name. */
  public static httpGet(path: string, port: number | string, options: HttpProbeOptions = {}): Probe {
    return new Probe(
      { httpGet: { path, port: intOrString(port), scheme: options?.https ? 'HTTPS' : undefined } },
      options,
      { factory: 'httpGet', path, port, options },
    );
  }

  /** A TCP connect to a container port number or name. */
  public static tcpSocket(port: number | string, options: ProbeOptions = {}): Probe {
    return new Probe({ tcpSocket: { port: intOrString(port) } }, options, { factory: 'tcpSocket', port, options });
  }

  /**
   * Succeeds while the file at `path` exists: the readiness of a loop that creates it after a round that did its job
   * and removes it after one that did not.
   */
  public static fileExists(path: string, options: ProbeOptions = {}): Probe {
    return new Probe({ exec: { command: ['test', '-e', String(path)] } }, options, {
      factory: 'fileExists',
      file: path,
      options,
    });
  }

  /**
   * Succeeds while the file at `path` was modified less than `maxAge` ago: the liveness of a loop that touches it every
   * round, so that a loop stuck in one round (a call that never returns) is restarted. Needs `sh`, `date` and `stat`.
   */
  public static fileFresh(path: string, maxAge: Duration, options: ProbeOptions = {}): Probe {
    const age = `$(( $(date +%s) - $(stat -c %Y ${String(path)}) ))`;
    // Read without a throw (cdk8s throws on a fraction of a second), and checked with the container's path.
    const seconds = maxAge instanceof Duration ? maxAge.toSeconds({ integral: false }) : NaN;
    return new Probe({ exec: { command: ['sh', '-c', `test ${age} -lt ${seconds}`] } }, options, {
      factory: 'fileFresh',
      file: path,
      maxAge,
      options,
    });
  }

  /**
   * A call to the gRPC health checking protocol (grpc.health.v1.Health/Check) on a container port number (the API
   * takes no port name here), which succeeds when the answer is SERVING; the server must implement the protocol.
   */
  public static grpc(port: number, options: GrpcProbeOptions = {}): Probe {
    return new Probe({ grpc: { port, service: options?.service } }, options, { factory: 'grpc', port, options });
  }

  /** A command run in the container that succeeds when it exits 0. */
  public static exec(command: readonly string[], options: ProbeOptions = {}): Probe {
    return new Probe({ exec: { command: Array.isArray(command) ? [...command] : [] } }, options, {
      factory: 'exec',
      command,
      options,
    });
  }

  private constructor(
    private readonly handler: k8s.Probe,
    private readonly options: ProbeOptions,
    private readonly given: ProbeArguments,
  ) {}

  /**
   * Refuses what the factory was given that Kubernetes would not take (a factory has no construct path to name): the
   * container that uses the probe calls it with its own path, e.g. `containers[0].readiness`.
   */
  public check(scope: IConstruct, field: string): void {
    const { factory, path, port, command, file, maxAge, options } = this.given;
    const where = `${field} (Probe.${factory})`;
    if (options !== undefined) {
      checkShape(scope, `${where} options`, options, PROBE_OPTIONS_SHAPE);
      checkProbeSeconds(scope, `${where} options`, options as ProbeOptions);
    }
    if (factory === 'httpGet') {
      checkString(scope, `${where} path`, path);
    }
    if (factory === 'grpc') {
      is.port(scope, `${where} port`, port);
    } else if (port !== undefined || factory === 'httpGet' || factory === 'tcpSocket') {
      is.portOrName(scope, `${where} port`, port);
    }
    if (factory === 'fileFresh') {
      checkInstance(scope, `${where} maxAge`, maxAge, Duration, 'Duration.minutes(5)');
      const seconds = checkOptionalSeconds(scope, `${where} maxAge`, maxAge)!;
      if (seconds < 1) {
        fail(scope, `${where} maxAge must be 1 second or more, got ${seconds} seconds; e.g. Duration.minutes(5)`);
      }
    }
    if (factory === 'exec' && checkStringList(scope, `${where} command`, command).length === 0) {
      fail(scope, `${where} command must hold the command to run, got []; e.g. ['pg_isready']`);
    }
    if (file !== undefined || factory === 'fileExists' || factory === 'fileFresh') {
      if (typeof file !== 'string' || !/^\/[A-Za-z0-9._/-]+$/.test(file)) {
        fail(
          scope,
          `${where} path must be absolute and only letters, digits, ".", "_", "-" and "/", got ${describeGiven(file)}`,
        );
      }
    }
  }

  /** The port this probe targets, if it targets one. */
  public get port(): number | string | undefined {
    return (this.handler.httpGet?.port ?? this.handler.tcpSocket?.port)?.value ?? this.handler.grpc?.port;
  }

  /** The probe as it appears in the container spec. */
  public toKube(): k8s.Probe {
    return {
      ...this.handler,
      initialDelaySeconds: this.options.initialDelay?.toSeconds(),
      periodSeconds: this.options.period?.toSeconds(),
      timeoutSeconds: this.options.timeout?.toSeconds(),
      failureThreshold: this.options.failureThreshold,
    };
  }
}

/**
 * A probe's durations (whole seconds, never negative, by their shape) as the API server takes them: an int32 (a larger
 * one fails to decode), and a period or timeout of 1 second or more (0 is read as the default).
 */
function checkProbeSeconds(scope: IConstruct, field: string, options: ProbeOptions): void {
  for (const [key, zeroMeans] of Object.entries(ZERO_MEANS_SECONDS)) {
    const seconds = options[key as keyof typeof ZERO_MEANS_SECONDS]?.toSeconds();
    const min = zeroMeans === undefined ? 0 : 1;
    if (seconds !== undefined && (seconds < min || seconds > INT32_MAX)) {
      const advice =
        seconds > INT32_MAX
          ? 'the API server counts it in a 32-bit integer'
          : `Kubernetes reads 0 as its default of ${zeroMeans} second${zeroMeans === 1 ? '' : 's'}: leave ${key} out for it`;
      fail(scope, `${field}.${key} must be from ${min} to ${INT32_MAX} seconds, got ${seconds} seconds; ${advice}`);
    }
  }
}

/** A port given as a number or as the name of a container port. */
export function intOrString(port: number | string): k8s.IntOrString {
  return typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(String(port));
}
