import { AnyManifest } from '../../helpers';
import { serverRelease } from '../kubectl';

/** The release of the API server the tests run against (of the kubeconfig's cluster). */
export const RELEASE = serverRelease();

/**
 * A row the API server refuses (a server-side dry run) and `rule` of our checks must refuse, or the kubelet cannot run.
 */
export type Refusal = readonly [name: string, rule: string, manifest: AnyManifest];
/** A row the API server accepts and none of the rules under test may refuse. */
export type Acceptance = readonly [name: string, manifest: AnyManifest];

/** The rows of one area (a group of kinds), by the releases they hold on; every table is optional. */
export interface RefusalTables {
  /** Objects every tested release refuses, each with the rule of ours that must refuse it. */
  readonly refusedEverywhere?: readonly Refusal[];
  /**
   * Values a release of `from` or later takes and earlier ones refuse: refused before `from`, accepted from it (names
   * with a digit first, status.hostIPs, sidecar init containers, a sleep hook, an env var of an env file, ...).
   */
  readonly byRelease?: readonly (readonly [from: string, refusal: Refusal])[];
  /** Values a release of `since` or later refuses and earlier ones take (1.27 drops a procMount it does not check). */
  readonly refusedSince?: readonly (readonly [since: string, refusal: Refusal])[];
  /**
   * Refusals of kinds or fields the API server serves from `since` (admission policies), not sent to the releases
   * before.
   */
  readonly refusedWhereServed?: readonly (readonly [since: string, refusal: Refusal])[];
  /**
   * What the API server takes and the kubelet cannot run: images it cannot pull (InvalidImageName), a probe on a port
   * name it cannot resolve, a root user where non-root is required; the rules refuse them before a cluster sees them.
   */
  readonly kubeletRefusals?: readonly Refusal[];
  /**
   * Objects every tested release accepts that use the same fields well: none of the rules under test may refuse them.
   */
  readonly acceptedEverywhere?: readonly Acceptance[];
  /** The kinds and fields of `refusedWhereServed`, well written: accepted from `since`. */
  readonly acceptedWhereServed?: readonly (readonly [since: string, acceptance: Acceptance])[];
}

/** Fields merged into a builder's object. */
export type Patch = Record<string, unknown>;

/** A Deployment in `default` of one nginx container, with `spec`, `pod` and `container` merged in at their levels. */
export function deployment(name: string, patches: { spec?: Patch; pod?: Patch; container?: Patch } = {}): AnyManifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'refusal' } },
      template: {
        metadata: { labels: { app: 'refusal' } },
        spec: { containers: [{ name: 'app', image: 'nginx:1.25', ...patches.container }], ...patches.pod },
      },
      ...patches.spec,
    },
  };
}

/** An object of `kind` named `refusal` (in `default` when `namespaced`), of `body` beside its metadata. */
export function object(apiVersion: string, kind: string, body: Patch, namespaced = true): AnyManifest {
  return {
    apiVersion,
    kind,
    metadata: namespaced ? { name: 'refusal', namespace: 'default' } : { name: 'refusal' },
    ...body,
  };
}

/** A workload spec of a selector and a pod template of one container that it meets, with `spec` merged in. */
export const pods = (spec: Patch) => ({
  selector: { matchLabels: { app: 'refusal' } },
  template: { metadata: { labels: { app: 'refusal' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } },
  ...spec,
});

/** A label selector of one requirement. */
export const selectorOf = (requirement: Patch) => ({ matchExpressions: [requirement] });

/** A Deployment of one volume `v` of `source`. */
export const volume = (source: Patch) => deployment('d', { pod: { volumes: [{ name: 'v', ...source }] } });
