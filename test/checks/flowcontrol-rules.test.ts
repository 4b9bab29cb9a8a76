import { AnyManifest } from '../helpers';
import { rawFindings } from './raw-kinds';
import { CATCH_ALL_FLOW_SCHEMA, EVERY_REQUEST } from './flowcontrol-fixtures';

type Change = (spec: AnyManifest) => void;

/** The findings of the raw FlowSchema, or PriorityLevelConfiguration, with its spec changed (1.27 unless told). */
const flowSchema = (change: Change, environment: 'dev' | 'prod' = 'dev') =>
  rawFindings('FlowSchema', 'raw-deployer', (manifest) => change(manifest.spec), environment);
const priorityLevel = (change: Change, environment: 'dev' | 'prod' = 'dev') =>
  rawFindings('PriorityLevelConfiguration', 'raw-batch', (manifest) => change(manifest.spec), environment);

describe('flowcontrol-spec', () => {
  it('passes the FlowSchema and PriorityLevelConfiguration as written, on 1.27 (v1beta3) and 1.37 (v1)', () => {
    for (const environment of ['dev', 'prod'] as const) {
      expect(flowSchema(() => undefined, environment)).toEqual([]);
      expect(priorityLevel(() => undefined, environment)).toEqual([]);
    }
  });

  it('passes what the servers default: a precedence, shares and queuing of 0', () => {
    expect(flowSchema((spec) => (spec.matchingPrecedence = 0))).toEqual([]);
    expect(
      priorityLevel((spec) => {
        spec.limited.nominalConcurrencyShares = 0;
        spec.limited.limitResponse.queuing = { queues: 0, handSize: 0, queueLengthLimit: 0 };
      }),
    ).toEqual([]);
  });

  it("fires for a limit response left out or null (v1beta3; v1's schema requires it), and for Queue without queuing", () => {
    for (const missing of [null, undefined]) {
      expect(priorityLevel((spec) => (spec.limited.limitResponse = missing))).toEqual([
        'flowcontrol-spec: spec.limited.limitResponse is missing (or null), which the API server reads as a limit response of type "", and refuses',
      ]);
      expect(priorityLevel((spec) => (spec.limited.limitResponse = missing), 'prod')).toEqual([
        'schema: spec.limited.limitResponse is missing; LimitedPriorityLevelConfiguration requires limitResponse',
      ]);
    }
    for (const environment of ['dev', 'prod'] as const) {
      for (const queuing of [null, undefined]) {
        expect(priorityLevel((spec) => (spec.limited.limitResponse = { type: 'Queue', queuing }), environment)).toEqual(
          [
            'flowcontrol-spec: spec.limited.limitResponse.queuing is missing (or null) for type Queue, which the API server requires',
          ],
        );
      }
      expect(
        priorityLevel((spec) => (spec.limited.limitResponse = { type: 'Queue', queuing: {} }), environment),
      ).toEqual([]);
      expect(priorityLevel((spec) => (spec.limited.limitResponse = { type: 'Reject' }), environment)).toEqual([]);
    }
  });

  it('fires for a precedence out of range, or of 1 outside the mandatory "exempt"', () => {
    expect(flowSchema((spec) => (spec.matchingPrecedence = 10001))).toEqual([
      'flowcontrol-spec: spec.matchingPrecedence 10001 is outside 1-10000',
    ]);
    expect(flowSchema((spec) => (spec.matchingPrecedence = 1), 'prod')).toEqual([
      'flowcontrol-spec: spec.matchingPrecedence 1 is reserved for the mandatory FlowSchema "exempt"',
    ]);
  });

  it('fires for rules of unknown verbs, "*" beside others, URLs not "/"-led, and no resources or namespaces', () => {
    expect(
      flowSchema((spec) => {
        spec.rules[0].nonResourceRules[0] = { verbs: ['et'], nonResourceURLs: ['5UO', '/metrics/*/x'] };
        spec.rules[0].resourceRules[0] = { verbs: ['*', 'get'], apiGroups: ['apps'], resources: [], namespaces: [] };
      }),
    ).toEqual([
      'flowcontrol-spec: spec.rules[0].resourceRules[0].verbs ["*","get"] has "*" beside others',
      'flowcontrol-spec: spec.rules[0].resourceRules[0].resources is empty',
      'flowcontrol-spec: spec.rules[0].resourceRules[0].namespaces is empty for a rule that is not clusterScope',
      'flowcontrol-spec: spec.rules[0].nonResourceRules[0].verbs[0] "et" is not a verb of the API (get, list, create, update, delete, deletecollection, patch, watch, proxy)',
      'flowcontrol-spec: spec.rules[0].nonResourceRules[0].nonResourceURLs[0] "5UO" does not start with "/"',
      'flowcontrol-spec: spec.rules[0].nonResourceRules[0].nonResourceURLs[1] "/metrics/*/x" has a "*" other than a last segment "/*"',
    ]);
  });

  it('fires for subjects of another kind’s member, a namespace that is not a label, and an unknown distinguisher', () => {
    expect(
      flowSchema((spec) => {
        spec.rules[0].subjects[0].user = { name: 'alice' };
        spec.rules[0].subjects[0].serviceAccount.namespace = 'raw-kinds_x';
        spec.distinguisherMethod.type = 'ByUser_x';
        spec.priorityLevelConfiguration.name = '';
      }),
    ).toEqual([
      'flowcontrol-spec: spec.distinguisherMethod.type "ByUser_x" is not one of ByUser, ByNamespace',
      'flowcontrol-spec: spec.priorityLevelConfiguration.name "" is not a DNS-1123 subdomain',
      'flowcontrol-spec: spec.rules[0].subjects[0].user is given for a subject of kind ServiceAccount',
      'flowcontrol-spec: spec.rules[0].subjects[0].serviceAccount.namespace "raw-kinds_x" is not a namespace name (a DNS-1123 label)',
    ]);
  });

  it('fires for percentages and shares out of range', () => {
    expect(
      priorityLevel((spec) => {
        spec.limited.lendablePercent = 101;
        spec.limited.borrowingLimitPercent = -1;
        spec.limited.nominalConcurrencyShares = -1;
      }),
    ).toEqual([
      'flowcontrol-spec: spec.limited.nominalConcurrencyShares -1 is negative',
      'flowcontrol-spec: spec.limited.lendablePercent 101 is outside 0-100',
      'flowcontrol-spec: spec.limited.borrowingLimitPercent -1 is negative',
    ]);
  });

  it('fires for a hand larger than the queues or of more than 60 bits, and queuing on Reject', () => {
    expect(priorityLevel((spec) => (spec.limited.limitResponse.queuing.handSize = 17))).toEqual([
      'flowcontrol-spec: spec.limited.limitResponse.queuing.handSize 17 is more than queues (16)',
    ]);
    expect(priorityLevel((spec) => (spec.limited.limitResponse.queuing = { queues: 1000, handSize: 10 }))).toEqual([
      'flowcontrol-spec: spec.limited.limitResponse.queuing.handSize 10 of 1000 queues needs more than 60 bits of entropy (log2(queues) x handSize)',
    ]);
    expect(priorityLevel((spec) => (spec.limited.limitResponse.type = 'Reject'), 'prod')).toEqual([
      'flowcontrol-spec: spec.limited.limitResponse.queuing is given for type Reject',
    ]);
  });

  it('fires for type Exempt outside the mandatory "exempt", and Limited without limits', () => {
    expect(priorityLevel((spec) => (spec.type = 'Exempt'))).toEqual([
      'flowcontrol-spec: spec.type "Exempt" is only for the mandatory PriorityLevelConfiguration "exempt"',
      'flowcontrol-spec: spec.limited is given for type Exempt',
    ]);
    expect(priorityLevel((spec) => delete spec.limited)).toEqual([
      'flowcontrol-spec: spec.limited is missing for type Limited',
    ]);
  });

  it('fires for the exempt priority level of negative shares or a lendable percent outside 0-100 (v1)', () => {
    const exempt = (fields: AnyManifest) =>
      rawFindings(
        'PriorityLevelConfiguration',
        'raw-batch',
        (manifest) => {
          manifest.metadata.name = 'exempt';
          manifest.spec = { type: 'Exempt', exempt: fields };
        },
        'prod',
      );
    expect(exempt({ nominalConcurrencyShares: -1, lendablePercent: 101 })).toEqual([
      'flowcontrol-spec: spec.exempt.nominalConcurrencyShares -1 is negative',
      'flowcontrol-spec: spec.exempt.lendablePercent 101 is outside 0-100',
    ]);
    expect(exempt({ nominalConcurrencyShares: 0, lendablePercent: 0 })).toEqual([]);
    expect(exempt({ lendablePercent: 100 })).toEqual([]);
  });
});

describe('flowcontrol-spec: the mandatory objects', () => {
  /** The findings of the raw FlowSchema, or PriorityLevelConfiguration, renamed and of this spec. */
  const named = (kind: string, name: string, spec: AnyManifest, environment: 'dev' | 'prod' = 'dev') =>
    rawFindings(
      kind,
      kind === 'FlowSchema' ? 'raw-deployer' : 'raw-batch',
      (manifest) => {
        manifest.metadata.name = name;
        manifest.spec = spec;
      },
      environment,
    );

  it('passes them as the API server fixes them, defaults left out or written (both releases)', () => {
    for (const environment of ['dev', 'prod'] as const) {
      expect(named('FlowSchema', 'catch-all', CATCH_ALL_FLOW_SCHEMA, environment)).toEqual([]);
      expect(
        named(
          'FlowSchema',
          'exempt',
          {
            matchingPrecedence: 1,
            priorityLevelConfiguration: { name: 'exempt' },
            rules: [{ subjects: [{ kind: 'Group', group: { name: 'system:masters' } }], ...EVERY_REQUEST }],
          },
          environment,
        ),
      ).toEqual([]);
      const limited = { nominalConcurrencyShares: 5, limitResponse: { type: 'Reject' } };
      expect(named('PriorityLevelConfiguration', 'catch-all', { type: 'Limited', limited }, environment)).toEqual([]);
      expect(
        named(
          'PriorityLevelConfiguration',
          'catch-all',
          { type: 'Limited', limited: { ...limited, lendablePercent: 0 } },
          environment,
        ),
      ).toEqual([]);
    }
    expect(named('PriorityLevelConfiguration', 'exempt', { type: 'Exempt' })).toEqual([]);
  });

  it('fires for another spec of them, which both API servers refuse ("must equal the fixed value")', () => {
    expect(named('FlowSchema', 'catch-all', { ...CATCH_ALL_FLOW_SCHEMA, matchingPrecedence: 9000 })).toEqual([
      'flowcontrol-spec: the spec of the mandatory FlowSchema "catch-all" is not the one the API server fixes, which it refuses ("spec of \'catch-all\' must equal the fixed value"; server-side apply conflicts with its manager api-priority-and-fairness-config-producer-v1)',
    ]);
    expect(
      named('PriorityLevelConfiguration', 'catch-all', {
        type: 'Limited',
        limited: { nominalConcurrencyShares: 50, limitResponse: { type: 'Reject' } },
      }),
    ).toEqual([
      'flowcontrol-spec: the spec of the mandatory PriorityLevelConfiguration "catch-all" is not the one the API server fixes, which it refuses ("spec of \'catch-all\' must equal the fixed value"; server-side apply conflicts with its manager api-priority-and-fairness-config-producer-v1)',
    ]);
  });

  it("passes the exempt priority level's own shares from 1.37 (v1), whose API server lets them change", () => {
    expect(
      named(
        'PriorityLevelConfiguration',
        'exempt',
        { type: 'Exempt', exempt: { nominalConcurrencyShares: 10 } },
        'prod',
      ),
    ).toEqual([]);
  });
});
