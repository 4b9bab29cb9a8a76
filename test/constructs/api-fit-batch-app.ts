import { App, Cron } from 'cdk8s';
import {
  AppChart,
  CompletionMode,
  CronJob,
  Deployment,
  Environment,
  ExitCodeOperator,
  Job,
  NodeInclusionPolicy,
  PodFailureAction,
  PodFailureRule,
  PodReplacementPolicy,
  Probe,
  WhenUnsatisfiable,
} from '../../lib';
import { BACKOFF_LIMIT_PER_INDEX_SINCE } from '../../lib/checks/job-rules';
import { compareReleases } from '../../lib/config/kubernetes-version';

/** A pod evicted, preempted or drained: retried without counting towards the Job's backoff limit. */
const IGNORE_DISRUPTIONS: PodFailureRule = {
  action: PodFailureAction.IGNORE,
  onPodConditions: [{ type: 'DisruptionTarget' }],
};

/**
 * A batch and HA app through the public API alone (lib/index.ts): a render farm as an Indexed Job that fails at once on
 * a bad scene (exit code 42), fails only the frame of a corrupt input (exit code 3, per index, from 1.29) and ignores
 * disruptions; a nightly report as a CronJob of the same policy; a web tier of three replicas that waits for three
 * zones and spreads each rollout on its own. The unit test synthesizes it for 1.27 and 1.37, gate included;
 * test/e2e/api-fit-batch.test.ts applies it to the real API servers with strict field validation.
 */
export function buildBatch(env: Environment): App {
  const app = new App();
  const chart = new AppChart(app, 'batch', { env, namespace: 'api-fit-batch' });
  const perIndex = compareReleases(env.kubernetesVersion, BACKOFF_LIMIT_PER_INDEX_SINCE) >= 0;
  const badScene: PodFailureRule = {
    action: PodFailureAction.FAIL_JOB,
    onExitCodes: { containerName: 'render', operator: ExitCodeOperator.IN, values: [42] },
  };
  const corruptFrame: PodFailureRule = {
    action: PodFailureAction.FAIL_INDEX,
    onExitCodes: { operator: ExitCodeOperator.IN, values: [3] },
  };
  new Job(chart, 'render-frames', {
    completionMode: CompletionMode.INDEXED,
    completions: 10,
    parallelism: 3,
    containers: [
      { name: 'render', image: 'registry.acme.dev/render:4.2.0', args: ['--frame=$(JOB_COMPLETION_INDEX)'] },
    ],
    podFailurePolicy: perIndex ? [IGNORE_DISRUPTIONS, badScene, corruptFrame] : [IGNORE_DISRUPTIONS, badScene],
    ...(perIndex
      ? { backoffLimitPerIndex: 2, maxFailedIndexes: 3, podReplacementPolicy: PodReplacementPolicy.FAILED }
      : {}),
  });
  new CronJob(chart, 'nightly-report', {
    schedule: Cron.daily(),
    containers: [{ name: 'report', image: 'registry.acme.dev/report:1.0.0' }],
    podFailurePolicy: [
      IGNORE_DISRUPTIONS,
      { action: PodFailureAction.FAIL_JOB, onExitCodes: { operator: ExitCodeOperator.NOT_IN, values: [0, 1] } },
    ],
    ...(perIndex ? { podReplacementPolicy: PodReplacementPolicy.FAILED } : {}),
  });
  new Deployment(chart, 'web', {
    replicas: 3,
    containers: [
      {
        name: 'web',
        image: 'nginx:1.27',
        ports: [{ number: 8080, name: 'http' }],
        readiness: Probe.httpGet('/', 'http'),
      },
    ],
    topologySpread: [
      {
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: WhenUnsatisfiable.DO_NOT_SCHEDULE,
        minDomains: 3,
        matchLabelKeys: ['pod-template-hash'],
        nodeAffinityPolicy: NodeInclusionPolicy.HONOR,
        nodeTaintsPolicy: NodeInclusionPolicy.HONOR,
      },
      { topologyKey: 'kubernetes.io/hostname', nodeTaintsPolicy: NodeInclusionPolicy.IGNORE },
    ],
  });
  return app;
}
