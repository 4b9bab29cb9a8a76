import { Chart, Cron, Testing } from 'cdk8s';
import { AppChart } from '../../lib/charts/app-chart';
import { ContainerProps } from '../../lib/constructs/container';
import { CronJob } from '../../lib/constructs/cron-job';
import { Deployment } from '../../lib/constructs/deployment';
import { HorizontalPodAutoscaler } from '../../lib/constructs/horizontal-pod-autoscaler';
import { UnhealthyPodEvictionPolicy } from '../../lib/constructs/pod-disruption-budget';
import { Pod } from '../../lib/constructs/pod';
import { exemptFromPolicy } from '../../lib/constructs/policy-exemption';
import { ReplicaSet } from '../../lib/constructs/replica-set';
import { StatefulSet } from '../../lib/constructs/stateful-set';
import {
  DEFAULT_DENY_EXEMPTION,
  INSTANCE_LABEL_EXEMPTION,
  ONE_POD_BUDGET_EXEMPTION,
  ONE_POD_SPREAD_EXEMPTION,
} from '../../lib/constructs/workload';
import { AnyManifest, DEV, findObject, objectsOfKind, testChart } from '../helpers';

const app: ContainerProps = { name: 'app', image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }] };
const REASON = 'policy.k8s-course.io/exemption-reason';

/** The Polaris checks an object's annotations exempt it from. */
function polarisExempt(object: AnyManifest): string[] {
  return Object.entries(object.metadata.annotations ?? {})
    .filter(([key, value]) => /^polaris\.fairwinds\.com\/.+-exempt$/.test(key) && value === 'true')
    .map(([key]) => key.replace(/^polaris\.fairwinds\.com\/(.+)-exempt$/, '$1'))
    .sort();
}

function deployment(props: Partial<ConstructorParameters<typeof Deployment>[2]> = {}, chart: Chart = testChart()) {
  new Deployment(chart, 'web', { containers: [app], ...props });
  return findObject(chart, 'Deployment', 'web');
}

function appChart(denyTrafficByDefault?: boolean): Chart {
  return new AppChart(Testing.app(), 'shop', { env: DEV, namespace: 'shop', denyTrafficByDefault });
}

describe('the policy exemptions a workload settles by itself', () => {
  it('exempts every workload from Polaris metadataAndInstanceMismatched, saying what instance means here', () => {
    const web = deployment();
    expect(polarisExempt(web)).toEqual(['metadataAndInstanceMismatched']);
    expect(web.metadata.annotations[REASON]).toBe(INSTANCE_LABEL_EXEMPTION);
    expect(INSTANCE_LABEL_EXEMPTION).toMatch(/app\.kubernetes\.io\/instance names the application instance/);
  });

  it('claims nothing about the instance label of an object that does not carry one', () => {
    const chart = new Chart(Testing.app(), 'plain', { namespace: 'ns' });
    expect(polarisExempt(deployment({}, chart))).toEqual([]);
  });

  it('exempts a workload of one pod from the budget and spread checks, with why', () => {
    const web = deployment({ replicas: 1 });
    expect(polarisExempt(web)).toEqual([
      'metadataAndInstanceMismatched',
      'missingPodDisruptionBudget',
      'topologySpreadConstraint',
    ]);
    expect(web.metadata.annotations[REASON].split('; ')).toEqual([
      INSTANCE_LABEL_EXEMPTION,
      ONE_POD_SPREAD_EXEMPTION,
      ONE_POD_BUDGET_EXEMPTION,
    ]);
  });

  it('exempts a bare Pod from the spread check only, and a CronJob from neither', () => {
    const chart = testChart();
    new Pod(chart, 'one', { containers: [app] });
    new CronJob(chart, 'tick', { schedule: Cron.everyMinute(), containers: [{ name: 'tick', image: 'busybox:1.36' }] });
    expect(polarisExempt(findObject(chart, 'Pod', 'one'))).toEqual([
      'metadataAndInstanceMismatched',
      'topologySpreadConstraint',
    ]);
    expect(polarisExempt(findObject(chart, 'CronJob', 'tick'))).toEqual(['metadataAndInstanceMismatched']);
  });

  it('claims no exemption that the workload does not earn: several pods, a spread given, a budget turned off', () => {
    expect(polarisExempt(deployment())).toEqual(['metadataAndInstanceMismatched']);
    expect(
      polarisExempt(deployment({ replicas: 1, topologySpread: [{ topologyKey: 'kubernetes.io/hostname' }] })),
    ).toEqual(['metadataAndInstanceMismatched', 'missingPodDisruptionBudget']);
    expect(polarisExempt(deployment({ replicas: 3, disruptionBudget: false }))).toEqual([
      'metadataAndInstanceMismatched',
    ]);
    const chart = testChart();
    new StatefulSet(chart, 'db', { port: 8080, containers: [app] });
    expect(polarisExempt(findObject(chart, 'StatefulSet', 'db'))).toEqual(['metadataAndInstanceMismatched']);
  });

  it("exempts the pods of an AppChart's namespace from missingNetworkPolicy, where its default-deny governs them", () => {
    const web = deployment({}, appChart());
    expect(polarisExempt(web)).toContain('missingNetworkPolicy');
    expect(web.metadata.annotations[REASON].split('; ')).toContain(DEFAULT_DENY_EXEMPTION);
  });

  it('claims no missingNetworkPolicy exemption where the chart does not deny traffic by default', () => {
    expect(polarisExempt(deployment({}, appChart(false)))).not.toContain('missingNetworkPolicy');
    expect(polarisExempt(deployment({}, testChart()))).not.toContain('missingNetworkPolicy');
  });

  it('keeps its own exemptions and reasons when a chart exempts the workload from more', () => {
    const chart = testChart();
    const web = new Deployment(chart, 'web', { containers: [app], replicas: 1 });
    exemptFromPolicy(web.apiObject, {
      rules: [],
      kubeScoreChecks: ['deployment-replicas'],
      polarisChecks: ['deploymentMissingReplicas'],
      reason: 'the lesson shows one pod',
    });
    const object = findObject(chart, 'Deployment', 'web');
    expect(polarisExempt(object)).toEqual([
      'deploymentMissingReplicas',
      'metadataAndInstanceMismatched',
      'missingPodDisruptionBudget',
      'topologySpreadConstraint',
    ]);
    expect(object.metadata.annotations['kube-score/ignore']).toBe('deployment-replicas');
    expect(object.metadata.annotations[REASON].split('; ')).toEqual([
      INSTANCE_LABEL_EXEMPTION,
      ONE_POD_SPREAD_EXEMPTION,
      ONE_POD_BUDGET_EXEMPTION,
      'the lesson shows one pod',
    ]);
  });

  it('keeps the annotations the user gives beside its exemptions', () => {
    const web = deployment({ annotations: { team: 'shop' } });
    expect(web.metadata.annotations.team).toBe('shop');
  });
});

describe('the disruption budget of a workload that a HorizontalPodAutoscaler made apart scales', () => {
  it("keeps the budget, with its options, when the autoscaler's minimum is two pods or more, as autoscaling does", () => {
    const chart = testChart();
    const web = new Deployment(chart, 'web', {
      containers: [app],
      disruptionBudget: { unhealthyPodEvictionPolicy: UnhealthyPodEvictionPolicy.ALWAYS_ALLOW },
    });
    new HorizontalPodAutoscaler(chart, 'web-hpa', { target: web, minReplicas: 2, maxReplicas: 6 });
    expect(objectsOfKind(chart, 'PodDisruptionBudget').map((budget) => budget.spec)).toEqual([
      { maxUnavailable: 1, selector: { matchLabels: web.selectorLabels }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    ]);
    expect(polarisExempt(findObject(chart, 'Deployment', 'web'))).toEqual(['metadataAndInstanceMismatched']);
  });

  it('drops the budget, and says why, when the autoscaler may scale down to one pod, as autoscaling does', () => {
    const chart = testChart();
    const web = new Deployment(chart, 'web', { containers: [app] });
    const db = new StatefulSet(chart, 'db', { port: 8080, containers: [app] });
    const workers = new ReplicaSet(chart, 'workers', { containers: [app] });
    for (const target of [web, db, workers]) {
      new HorizontalPodAutoscaler(chart, `${target.name}-hpa`, { target, maxReplicas: 5 });
    }
    const scaled = testChart();
    new Deployment(scaled, 'web', { containers: [app], autoscaling: { maxReplicas: 5 } });
    expect(objectsOfKind(chart, 'PodDisruptionBudget')).toEqual([]);
    expect(objectsOfKind(scaled, 'PodDisruptionBudget')).toEqual([]);
    const madeApart = findObject(chart, 'Deployment', 'web');
    const byAutoscaling = findObject(scaled, 'Deployment', 'web');
    expect(polarisExempt(madeApart)).toEqual(polarisExempt(byAutoscaling));
    expect(polarisExempt(madeApart)).toEqual(['metadataAndInstanceMismatched', 'missingPodDisruptionBudget']);
    expect(madeApart.metadata.annotations[REASON].split('; ').sort()).toEqual(
      byAutoscaling.metadata.annotations[REASON].split('; ').sort(),
    );
    for (const [kind, name] of [
      ['StatefulSet', 'db'],
      ['ReplicaSet', 'workers'],
    ]) {
      expect(polarisExempt(findObject(chart, kind, name))).toContain('missingPodDisruptionBudget');
    }
  });
});
