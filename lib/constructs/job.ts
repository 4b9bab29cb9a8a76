import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import {
  BACKOFF_LIMIT_PER_INDEX_SINCE,
  MANY_INDEXES,
  MAX_FOR_MANY_INDEXES,
  POD_REPLACEMENT_POLICY_SINCE,
} from '../checks/job-rules';
import { compareReleases } from '../config/kubernetes-version';
import { podTemplatePath } from '../kinds/kinds';
import { releaseOf } from './lifecycle-handler';
import { POD_FAILURE_RULE_SHAPE, PodFailureRule, renderPodFailurePolicy } from './pod-failure-policy';
import { PodSpecProps, RestartPolicy } from './pod-spec';
import { checkCount, fail } from './validation';
import { POD_SPEC_SHAPE } from './pod-spec-shape';
import { PropShape, is } from './prop-shapes';
import { WORKLOAD_SHAPE, Workload, WorkloadProps, restartPolicyOf } from './workload';

/** How a Job counts its pods' completions. */
export enum CompletionMode {
  /** Any `completions` pods that succeed complete the Job (Kubernetes' default). */
  NON_INDEXED = 'NonIndexed',
  /**
   * Each pod gets an index from 0 to completions - 1 (env JOB_COMPLETION_INDEX, and in its hostname), and the Job is
   * complete when one pod of each index succeeded: work split by index, or members of a group that need stable names.
   */
  INDEXED = 'Indexed',
}

/** When the Job controller starts a pod to replace one that is going away. */
export enum PodReplacementPolicy {
  /** Once the old pod is terminating or has failed (Kubernetes' default without a podFailurePolicy). */
  TERMINATING_OR_FAILED = 'TerminatingOrFailed',
  /** Only once the old pod has failed, so two never run at once (a pod failure policy takes this one alone). */
  FAILED = 'Failed',
}

/** The most pods an Indexed Job may run at once: the API server's limit (its completions may be more). */
export const MAX_INDEXED_PARALLELISM = 100_000;

/** What a Job does: how many pods must succeed, how many run at once, how failures and finished Jobs are handled. */
export interface JobSpecProps extends PodSpecProps {
  /** Pods that must succeed for the Job to complete. @default 1 */
  readonly completions?: number;
  /** Pods that run at the same time. @default 1 */
  readonly parallelism?: number;
  /** Retries before the Job is marked failed. @default 3 */
  readonly backoffLimit?: number;
  /** Delete the finished Job (and its pods) this long after it ends. @default Duration.hours(1) */
  readonly ttlAfterFinished?: Duration;
  /** Fail the Job when it runs longer than this. @default - no deadline */
  readonly activeDeadline?: Duration;
  /** Whether the pods are told their index, and each index must succeed once. @default CompletionMode.NON_INDEXED */
  readonly completionMode?: CompletionMode;
  /** Restart failed containers in place (`OnFailure`) or leave them and start a new pod (`Never`). @default RestartPolicy.NEVER */
  readonly restartPolicy?: RestartPolicy.NEVER | RestartPolicy.ON_FAILURE;
  /**
   * Rules for a failed pod by its exit codes or conditions, the first that matches applies: fail the Job at once on a
   * bug, ignore a disruption. Pods must restart Never. @default - every failed pod counts towards backoffLimit
   */
  readonly podFailurePolicy?: readonly PodFailureRule[];
  /**
   * Retries of each index of an Indexed Job before that index fails, the others running on (Kubernetes 1.29 and
   * later). @default - backoffLimit counts the failures of all indexes together
   */
  readonly backoffLimitPerIndex?: number;
  /** Failed indexes after which the whole Job fails (with backoffLimitPerIndex). @default - every index runs */
  readonly maxFailedIndexes?: number;
  /**
   * When a replacement pod starts (Kubernetes 1.29 and later): `FAILED` waits until the old pod has fully stopped.
   * @default - Kubernetes' own: TERMINATING_OR_FAILED, or FAILED with a podFailurePolicy
   */
  readonly podReplacementPolicy?: PodReplacementPolicy;
}

/** The shape of `JobSpecProps`. */
export const JOB_SPEC_SHAPE = {
  ...POD_SPEC_SHAPE,
  completions: is.count(1),
  parallelism: is.count(1),
  backoffLimit: is.count(0),
  ttlAfterFinished: is.seconds,
  activeDeadline: is.seconds,
  restartPolicy: is.oneOf([RestartPolicy.NEVER, RestartPolicy.ON_FAILURE]),
  completionMode: is.oneOf(Object.values(CompletionMode)),
  podFailurePolicy: is.list(
    is.object(POD_FAILURE_RULE_SHAPE),
    '[{ action: PodFailureAction.FAIL_JOB, onExitCodes: { operator: ExitCodeOperator.IN, values: [42] } }]',
  ),
  backoffLimitPerIndex: is.count(0),
  maxFailedIndexes: is.count(0),
  podReplacementPolicy: is.oneOf(Object.values(PodReplacementPolicy)),
} satisfies PropShape<JobSpecProps>;

/** The fields of a Job's spec that the 1.27 bindings (imports/k8s) do not know, which `addNewerJobFields` writes. */
export interface NewerJobFields {
  readonly backoffLimitPerIndex?: number;
  readonly maxFailedIndexes?: number;
  readonly podReplacementPolicy?: string;
}

/** A Job's spec as `renderJobSpec` renders it. */
export type RenderedJobSpec = k8s.JobSpec & NewerJobFields;

/** Properties of a `Job`. */
export interface JobProps extends WorkloadProps, JobSpecProps {}

/** Renders the spec of a Job around its rendered pod template, for a `Job` or the template of a `CronJob`. */
export function renderJobSpec(scope: Construct, template: k8s.PodTemplateSpec, props: JobSpecProps): RenderedJobSpec {
  const completions = checkCount(scope, 'completions', props.completions ?? 1, 1);
  const parallelism = checkCount(scope, 'parallelism', props.parallelism ?? 1, 1);
  if (parallelism > completions) {
    fail(
      scope,
      `parallelism ${parallelism} is more than completions ${completions}; no more than ${completions} pods can run: ` +
        `lower parallelism to ${completions}, or raise completions to ${parallelism}`,
    );
  }
  if (props.completionMode === CompletionMode.INDEXED && parallelism > MAX_INDEXED_PARALLELISM) {
    fail(
      scope,
      `parallelism ${parallelism} is more than an Indexed Job runs at once (${MAX_INDEXED_PARALLELISM}); run at most ` +
        `${MAX_INDEXED_PARALLELISM} pods at once (completions may stay ${completions})`,
    );
  }
  const restartPolicy = template.spec?.restartPolicy;
  const perIndex = checkPerIndexLimits(scope, props, completions, parallelism);
  checkReplacementPolicy(scope, props);
  const podFailurePolicy = renderPodFailurePolicy(scope, props.podFailurePolicy, {
    restartPolicy,
    containerNames: [...(template.spec?.initContainers ?? []), ...(template.spec?.containers ?? [])].map(
      (container) => container.name,
    ),
    backoffLimitPerIndex: perIndex.backoffLimitPerIndex,
  });
  // With backoffLimitPerIndex, the API server sets backoffLimit to its largest value: our default of 3 would fail the
  // Job on the third failure of any index, which is what per-index limits are there to avoid.
  const backoffLimit = props.backoffLimit ?? (perIndex.backoffLimitPerIndex === undefined ? 3 : undefined);
  return {
    completions,
    parallelism,
    completionMode: props.completionMode,
    backoffLimit: backoffLimit === undefined ? undefined : checkCount(scope, 'backoffLimit', backoffLimit, 0),
    ttlSecondsAfterFinished: checkCount(
      scope,
      'ttlAfterFinished in seconds',
      (props.ttlAfterFinished ?? Duration.hours(1)).toSeconds(),
      0,
    ),
    // An int64 of the API server; 0 fails the Job as it starts, which the gate only warns of.
    activeDeadlineSeconds:
      props.activeDeadline === undefined
        ? undefined
        : checkCount(scope, 'activeDeadline in seconds', props.activeDeadline.toSeconds(), 1, Number.MAX_SAFE_INTEGER),
    podFailurePolicy,
    ...perIndex,
    podReplacementPolicy: props.podReplacementPolicy,
    template,
  };
}

/** A field of a Job's spec that the environment's release must have: one the API server drops or refuses before. */
function checkRelease(scope: Construct, field: string, since: string): void {
  const release = releaseOf(scope);
  if (compareReleases(release, since) < 0) {
    fail(
      scope,
      `${field} needs Kubernetes ${since} or later, and the environment's kubernetesVersion is ${release}, whose API ` +
        `server does not take it; remove ${field}, or raise kubernetesVersion once the cluster runs ${since}`,
    );
  }
}

/** backoffLimitPerIndex and maxFailedIndexes: an Indexed Job's, on a release that has them. */
function checkPerIndexLimits(
  scope: Construct,
  props: JobSpecProps,
  completions: number,
  parallelism: number,
): Pick<NewerJobFields, 'backoffLimitPerIndex' | 'maxFailedIndexes'> {
  const { backoffLimitPerIndex, maxFailedIndexes } = props;
  if (backoffLimitPerIndex === undefined) {
    if (maxFailedIndexes !== undefined) {
      fail(
        scope,
        `maxFailedIndexes ${maxFailedIndexes} is given without backoffLimitPerIndex, which it needs; set ` +
          'backoffLimitPerIndex (the retries of each index), or remove maxFailedIndexes',
      );
    }
    return {};
  }
  checkRelease(scope, 'backoffLimitPerIndex', BACKOFF_LIMIT_PER_INDEX_SINCE);
  checkCount(scope, 'backoffLimitPerIndex', backoffLimitPerIndex, 0);
  if (props.completionMode !== CompletionMode.INDEXED) {
    fail(
      scope,
      `backoffLimitPerIndex is given to a Job of completionMode ${props.completionMode ?? CompletionMode.NON_INDEXED}; ` +
        'only an Indexed Job has indexes: set completionMode to CompletionMode.INDEXED, or use backoffLimit',
    );
  }
  if (completions > MANY_INDEXES) {
    checkManyIndexes(scope, completions, parallelism, maxFailedIndexes);
  }
  if (maxFailedIndexes !== undefined && checkCount(scope, 'maxFailedIndexes', maxFailedIndexes, 0) > completions) {
    fail(
      scope,
      `maxFailedIndexes ${maxFailedIndexes} is more than completions ${completions}, the Job's indexes; set it to ` +
        `${completions} or less`,
    );
  }
  return { backoffLimitPerIndex, maxFailedIndexes };
}

/**
 * An Indexed Job of more than 100000 indexes with per-index limits: the API server wants maxFailedIndexes, and at most
 * 10000 of it and of parallelism, so that it can track the failed indexes.
 */
function checkManyIndexes(
  scope: Construct,
  completions: number,
  parallelism: number,
  maxFailedIndexes: number | undefined,
): void {
  const many = `completions ${completions} is more than ${MANY_INDEXES} with backoffLimitPerIndex`;
  if (maxFailedIndexes === undefined) {
    fail(scope, `${many}, which needs maxFailedIndexes; set it to at most ${MAX_FOR_MANY_INDEXES}`);
  }
  for (const [field, value] of [
    ['maxFailedIndexes', maxFailedIndexes],
    ['parallelism', parallelism],
  ] as const) {
    if (value > MAX_FOR_MANY_INDEXES) {
      fail(scope, `${many}, so ${field} may be at most ${MAX_FOR_MANY_INDEXES}, got ${value}; lower it`);
    }
  }
}

/** podReplacementPolicy: on a release that has it; Failed alone beside a pod failure policy. */
function checkReplacementPolicy(scope: Construct, props: JobSpecProps): void {
  if (props.podReplacementPolicy === undefined) {
    return;
  }
  checkRelease(scope, 'podReplacementPolicy', POD_REPLACEMENT_POLICY_SINCE);
  if (props.podFailurePolicy !== undefined && props.podReplacementPolicy !== PodReplacementPolicy.FAILED) {
    fail(
      scope,
      `podReplacementPolicy is ${props.podReplacementPolicy} beside a podFailurePolicy, which takes ` +
        'PodReplacementPolicy.FAILED alone; set it to FAILED, or leave it out (FAILED then)',
    );
  }
}

/**
 * Adds to a Job or CronJob, as JSON patches at its Job spec's path, the fields of `spec` that the 1.27 bindings drop
 * when they render it (backoffLimitPerIndex, maxFailedIndexes, podReplacementPolicy).
 */
export function addNewerJobFields(resource: ApiObject, spec: NewerJobFields): void {
  const at = ['', ...(podTemplatePath(resource.kind) ?? []).slice(0, -1)];
  for (const field of ['backoffLimitPerIndex', 'maxFailedIndexes', 'podReplacementPolicy'] as const) {
    if (spec[field] !== undefined) {
      resource.addJsonPatch(JsonPatch.add([...at, field].join('/'), spec[field]));
    }
  }
}

/** The shape of `JobProps`. */
const JOB_SHAPE = { ...WORKLOAD_SHAPE, ...JOB_SPEC_SHAPE } satisfies PropShape<JobProps>;

/**
 * A Job: runs pods until `completions` of them succeed, then stops; deleted `ttlAfterFinished` later. As every
 * workload, it carries the recommended labels and, when it runs as its own ServiceAccount, may reach the API server.
 */
export class Job extends Workload {
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubeJob;

  public constructor(scope: Construct, id: string, props: JobProps) {
    super(scope, id, props, restartPolicyOf(props) ?? RestartPolicy.NEVER, false, JOB_SHAPE);
    const spec = renderJobSpec(this, this.podTemplate, props);
    this.apiObject = new k8s.KubeJob(this, 'Resource', { metadata: this.objectMetadata(), spec });
    this.addNewerPodFields(this.apiObject);
    addNewerJobFields(this.apiObject, spec);
  }
}
