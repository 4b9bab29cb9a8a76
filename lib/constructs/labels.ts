import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { templateHashLabel } from '../checks/controller-labels';
import { fail, isLabelValue } from './validation';

/** The Kubernetes recommended label keys (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/). */
export const Labels = {
  NAME: 'app.kubernetes.io/name',
  INSTANCE: 'app.kubernetes.io/instance',
  VERSION: 'app.kubernetes.io/version',
  COMPONENT: 'app.kubernetes.io/component',
  PART_OF: 'app.kubernetes.io/part-of',
  MANAGED_BY: 'app.kubernetes.io/managed-by',
} as const;

/** What every object we write says in `app.kubernetes.io/managed-by`. */
export const MANAGED_BY = 'cdk8s';

/**
 * The labels that select the pods of one workload: its name, and the instance of the application it belongs to
 * (taken from its chart's labels). Readable, so `kubectl get pods -l app.kubernetes.io/name=web` works.
 */
export function selectorLabels(scope: IConstruct, name: string): Record<string, string> {
  const instance = Chart.of(scope).labels[Labels.INSTANCE];
  return instance === undefined ? { [Labels.NAME]: name } : { [Labels.NAME]: name, [Labels.INSTANCE]: instance };
}

/**
 * The labels of a workload's pods: its selector labels, the application it is part of (from its chart's labels)
 * and the version, when the image tag tells it.
 */
export function podLabels(scope: IConstruct, name: string, version?: string): Record<string, string> {
  const labels = selectorLabels(scope, name);
  const partOf = Chart.of(scope).labels[Labels.PART_OF];
  if (partOf !== undefined) {
    labels[Labels.PART_OF] = partOf;
  }
  if (version !== undefined) {
    labels[Labels.VERSION] = version;
  }
  return labels;
}

/**
 * The version an image reference carries: its tag, when it is a label value too (a registry takes tags of 128
 * characters, ending in '-' or starting with '_', which no label takes).
 */
export function imageVersion(image: string): string | undefined {
  const withoutDigest = image.split('@')[0];
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  const tag = colon >= 0 ? lastSegment.slice(colon + 1) : undefined;
  return tag !== undefined && tag !== '' && isLabelValue(tag) ? tag : undefined;
}

/** What a workload's controller does when what it makes fails its selector (selector-labels' finding). */
const HASH_SELECTOR_OUTCOMES: Readonly<Record<string, string>> = {
  Deployment: 'no ReplicaSet would match the selector, and the controller would make new ones without end',
  StatefulSet: 'no pod would match the selector, and the set would make pod 0 and no other',
  DaemonSet: 'no pod would match the selector, and the controller would make pods without end',
};

/**
 * Fails when `selectorLabels` name the label a workload's controller sets to the hash of its pod template
 * (`pod-template-hash`, `controller-revision-hash`): the early copy of selector-labels' finding.
 */
export function checkNoTemplateHash(
  scope: IConstruct,
  kind: string,
  selectorLabels: Readonly<Record<string, string>> | undefined,
): void {
  const label = templateHashLabel(kind);
  const value = label === undefined ? undefined : selectorLabels?.[label];
  if (label !== undefined && value !== undefined) {
    fail(
      scope,
      `selectorLabels name ${label} (${JSON.stringify(value)}), which the ${kind} controller sets on each ` +
        `${kind === 'Deployment' ? 'ReplicaSet' : 'pod'} it makes to the hash of the pod template: ` +
        `${HASH_SELECTOR_OUTCOMES[kind]}; remove it (the controller adds it itself)`,
    );
  }
}
