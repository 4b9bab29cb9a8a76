/** A flow rule of every request: every verb on every resource and non-resource URL, in every namespace. */
export const EVERY_REQUEST = {
  resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], clusterScope: true, namespaces: ['*'] }],
  nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
};

/**
 * The spec of the mandatory FlowSchema catch-all as the API servers fix it (read back with `kubectl get` from 1.27 and
 * 1.37): every request of any user to the priority level catch-all. The unit tests and the e2e rows write it as is.
 */
export const CATCH_ALL_FLOW_SCHEMA = {
  matchingPrecedence: 10000,
  priorityLevelConfiguration: { name: 'catch-all' },
  distinguisherMethod: { type: 'ByUser' },
  rules: [
    {
      subjects: [
        { kind: 'Group', group: { name: 'system:unauthenticated' } },
        { kind: 'Group', group: { name: 'system:authenticated' } },
      ],
      ...EVERY_REQUEST,
    },
  ],
};
