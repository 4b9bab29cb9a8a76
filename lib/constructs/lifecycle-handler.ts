import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { LIFECYCLE_SLEEP_SINCE } from '../checks/pod-values';
import { OLDEST_RELEASE, compareReleases } from '../config/kubernetes-version';
import { KUBERNETES_VERSION_CONTEXT } from './namespace';
import { intOrString } from './probe';
import { checkShape, is } from './prop-shapes';
import { checkString, checkStringList, fail } from './validation';

/** Options of an HTTP lifecycle handler. */
export interface HttpLifecycleOptions {
  /** Call over HTTPS (the certificate is not verified). @default false */
  readonly https?: boolean;
}

/** The `sleep` action of a lifecycle handler, which the 1.27 API bindings do not know. */
export interface SleepAction {
  /** Seconds to sleep. */
  readonly seconds: number;
}

/**
 * What a container runs right after it starts (`postStart`) or before it is stopped (`preStop`): a command, an HTTP
 * GET, or (from Kubernetes 1.30) a sleep, e.g. a preStop pause that lets endpoints drop the pod before it stops
 * accepting connections.
 */
export class LifecycleHandler {
  /** A command run in the container; the hook fails when it exits non-zero. */
  public static exec(command: readonly string[]): LifecycleHandler {
    return new LifecycleHandler({ exec: { command: Array.isArray(command) ? [...command] : [] } }, undefined, {
      factory: 'exec',
      command,
    });
  }

  /** An HTTP GET to a container port number or name; the hook fails on an answer other than 2xx or 3xx. */
  public static httpGet(path: string, port: number | string, options: HttpLifecycleOptions = {}): LifecycleHandler {
    return new LifecycleHandler(
      { httpGet: { path, port: intOrString(port), scheme: options?.https ? 'HTTPS' : undefined } },
      undefined,
      { factory: 'httpGet', path, port, options },
    );
  }

  /**
   * A pause of whole seconds, 1 or more and at most the pod's termination grace period, without a `sleep` binary in
   * the image; Kubernetes 1.30 and later (the environment's release is checked).
   */
  public static sleep(duration: Duration): LifecycleHandler {
    const seconds = duration instanceof Duration ? duration.toSeconds({ integral: false }) : NaN;
    return new LifecycleHandler({}, { seconds }, { factory: 'sleep', duration });
  }

  private constructor(
    private readonly handler: k8s.LifecycleHandler,
    /** The sleep, when this handler sleeps. */
    public readonly sleep: SleepAction | undefined,
    /** What the factory was given, as JavaScript may give it. */
    private readonly given: {
      readonly factory: string;
      readonly command?: unknown;
      readonly path?: unknown;
      readonly port?: unknown;
      readonly options?: unknown;
      readonly duration?: unknown;
    },
  ) {}

  /**
   * Refuses what the factory was given that Kubernetes would not take (a factory has no construct path to name): the
   * container that uses the hook calls it with its own path, e.g. `containers[0].preStop`.
   */
  public check(scope: IConstruct, field: string): void {
    const { factory, command, path, port, options, duration } = this.given;
    const where = `${field} (LifecycleHandler.${factory})`;
    if (factory === 'exec' && checkStringList(scope, `${where} command`, command).length === 0) {
      fail(scope, `${where} command must hold the command to run, got []; e.g. ['nginx', '-s', 'quit']`);
    }
    if (factory === 'httpGet') {
      checkString(scope, `${where} path`, path);
      is.portOrName(scope, `${where} port`, port);
      if (options !== undefined) {
        checkShape(scope, `${where} options`, options, { https: is.bool });
      }
    }
    if (factory === 'sleep') {
      is.instance(Duration, 'Duration.seconds(5)')(scope, `${where} duration`, duration);
    }
  }

  /** The port an HTTP handler calls, if it calls one. */
  public get port(): number | string | undefined {
    return this.handler.httpGet?.port.value;
  }

  /**
   * The handler as the container spec holds it. The 1.27 bindings (imports/k8s) drop a `sleep` when they render, so
   * the workload adds it back as a JSON patch (`Workload.addNewerPodFields`).
   */
  public toKube(): k8s.LifecycleHandler {
    return this.sleep === undefined ? this.handler : ({ sleep: { ...this.sleep } } as k8s.LifecycleHandler);
  }
}

/** The Kubernetes release the construct's environment runs (an AppChart's), else the oldest supported. */
export function releaseOf(scope: IConstruct): string {
  const release: unknown = scope.node.tryGetContext(KUBERNETES_VERSION_CONTEXT);
  return typeof release === 'string' ? release : OLDEST_RELEASE;
}

/**
 * A sleep handler's duration: whole seconds from 1 to the termination grace period, on a release that has the sleep
 * action. The API servers take up to the grace period, and from 1.33 also 0 (pod-spec follows them); a construct asks
 * for 1 second or more, since a sleep of none is a hook that does nothing.
 */
export function checkSleep(
  scope: IConstruct,
  field: string,
  sleep: SleepAction,
  terminationGracePeriodSeconds: number,
): void {
  const release = releaseOf(scope);
  if (compareReleases(release, LIFECYCLE_SLEEP_SINCE) < 0) {
    fail(
      scope,
      `${field} is LifecycleHandler.sleep, which Kubernetes ${release} (the environment's kubernetesVersion) does not ` +
        `know: the sleep action comes with ${LIFECYCLE_SLEEP_SINCE}; use LifecycleHandler.exec(['sleep', ` +
        `'${Number.isInteger(sleep.seconds) ? sleep.seconds : 5}']) instead`,
    );
  }
  if (!Number.isInteger(sleep.seconds) || sleep.seconds < 1 || sleep.seconds > terminationGracePeriodSeconds) {
    fail(
      scope,
      `${field} sleeps ${sleep.seconds} seconds; the API server takes whole seconds from 1 to the pod's ` +
        `terminationGracePeriod (${terminationGracePeriodSeconds}s); sleep less or raise terminationGracePeriod`,
    );
  }
}
