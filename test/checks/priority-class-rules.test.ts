import { runChecks } from '../../lib/checks/run-checks';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { TEST_ENV, baseline } from './fixtures';

function priorityClass(name: string, fields: AnyManifest = {}): RenderedObject {
  return {
    path: `test/${name}`,
    manifest: { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value: 1000, ...fields },
  };
}

/** The findings of a rule for the baseline and these objects, as `object: message` lines, and their fixes. */
function findingsOf(rule: string, ...objects: RenderedObject[]): { message: string; fix: string }[] {
  return runChecks([...baseline(), ...objects], TEST_ENV)
    .findings.filter((finding) => finding.rule === rule)
    .map((finding) => ({ message: `${finding.object.manifest.metadata.name}: ${finding.message}`, fix: finding.fix }));
}

describe('priority-class-spec', () => {
  it("refuses a value above 1000000000, the highest a PriorityClass of the cluster's users may have", () => {
    expect(findingsOf('priority-class-spec', priorityClass('urgent', { value: 1_000_000_001 }))).toEqual([
      {
        message:
          "urgent: value 1000000001 is above 1000000000, the highest the API server takes for a PriorityClass (higher values are kept for the cluster's own classes, system-cluster-critical and system-node-critical)",
        fix: 'give it a value of at most 1000000000; to outrank every user class, give 1000000000',
      },
    ]);
  });

  it('refuses a name with the prefix system-, whatever its value', () => {
    expect(findingsOf('priority-class-spec', priorityClass('system-important'))).toEqual([
      {
        message:
          'system-important: the name starts with "system-", which the API server keeps for the cluster\'s own PriorityClasses (system-cluster-critical, system-node-critical)',
        fix: 'name it without "system-"; for the priority of a built-in class, name that class in priorityClassName instead of making it',
      },
    ]);
  });

  it("passes the cluster's own classes written as the API server keeps their value and preemptionPolicy", () => {
    // They exist: the API server takes them as an update, which may set a description or globalDefault.
    expect(
      findingsOf(
        'priority-class-spec',
        priorityClass('system-cluster-critical', { value: 2_000_000_000, description: 'ours', globalDefault: true }),
        priorityClass('system-node-critical', { value: 2_000_001_000, preemptionPolicy: 'PreemptLowerPriority' }),
      ),
    ).toEqual([]);
  });

  it("refuses the cluster's own classes of another value or preemptionPolicy, which the API server keeps", () => {
    expect(
      findingsOf(
        'priority-class-spec',
        priorityClass('system-node-critical', { value: 2_000_000_000 }),
        priorityClass('system-cluster-critical', { value: 2_000_000_000, preemptionPolicy: 'Never' }),
      ),
    ).toEqual([
      {
        message:
          "system-node-critical: system-node-critical is the cluster's own PriorityClass, of value 2000001000 and preemptionPolicy PreemptLowerPriority, which the API server keeps (both are immutable); this one has value 2000000000 and preemptionPolicy PreemptLowerPriority",
        fix: 'leave it out and name it in priorityClassName, or write value 2000001000 and no preemptionPolicy',
      },
      {
        message:
          "system-cluster-critical: system-cluster-critical is the cluster's own PriorityClass, of value 2000000000 and preemptionPolicy PreemptLowerPriority, which the API server keeps (both are immutable); this one has value 2000000000 and preemptionPolicy Never",
        fix: 'leave it out and name it in priorityClassName, or write value 2000000000 and no preemptionPolicy',
      },
    ]);
  });

  it('refuses a second global default, naming the other', () => {
    expect(
      findingsOf(
        'priority-class-spec',
        priorityClass('standard', { globalDefault: true }),
        priorityClass('batch', { globalDefault: true, value: 10 }),
        priorityClass('other', { globalDefault: false }),
      ),
    ).toEqual([
      {
        message:
          'standard: globalDefault is true, and so is it of PriorityClass batch; the API server takes one default PriorityClass per cluster and refuses the second one created ("Only one default can exist")',
        fix: 'set globalDefault: true on one PriorityClass only',
      },
      {
        message:
          'batch: globalDefault is true, and so is it of PriorityClass standard; the API server takes one default PriorityClass per cluster and refuses the second one created ("Only one default can exist")',
        fix: 'set globalDefault: true on one PriorityClass only',
      },
    ]);
  });

  it('passes values up to 1000000000, negative ones, and one global default', () => {
    expect(
      findingsOf(
        'priority-class-spec',
        priorityClass('top', { value: 1_000_000_000, globalDefault: true }),
        priorityClass('low', { value: -100, preemptionPolicy: 'Never' }),
      ),
    ).toEqual([]);
  });

  it('leaves a preemptionPolicy of no known value to enum-values, which names the case it means', () => {
    expect(findingsOf('enum-values', priorityClass('batch', { preemptionPolicy: 'never' }))).toEqual([
      {
        message: 'batch: preemptionPolicy "never" is not one of PreemptLowerPriority, Never',
        fix: 'write "Never" (the API server minds the case)',
      },
    ]);
  });
});
