import { NAMESPACE_NAME_LABEL } from '../constructs/network-policy';
import { describeObject } from './finding';
import { podTemplateOf } from './object-index';
import { policyDirections, policyPortsAdmit, policyTemplates } from './references';
import { Rule, namespaceOf, specOf } from './rule';
import { serviceConnections } from './service-connections';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** kube-dns's port for queries: UDP 53, named `dns` in its Service. */
const DNS_PORT = { number: 53, name: 'dns', protocol: 'UDP' };

/**
 * Whether an egress rule's peers may include the cluster DNS (kube-dns in kube-system, or a node-local cache by
 * address): any destination, any address block, a namespace selector other than one naming another namespace, or pods
 * of kube-system itself. Generous on purpose: the warning is for policies that certainly leave DNS out.
 */
function peersMayReachDns(peers: unknown, namespace: string): boolean {
  if (!Array.isArray(peers) || peers.length === 0) {
    return true;
  }
  return peers.some((peer: Json) => {
    if (peer?.ipBlock !== undefined) {
      return true;
    }
    const selector = peer?.namespaceSelector;
    if (selector === undefined) {
      return namespace === 'kube-system';
    }
    const named = selector.matchLabels?.[NAMESPACE_NAME_LABEL];
    return named === undefined || named === 'kube-system';
  });
}

/**
 * Pods whose egress NetworkPolicies govern, none of which lets them send DNS queries (UDP 53) to where the cluster DNS
 * runs: every lookup of a name, a Service's included, fails. A warning: a pod that only talks to addresses may mean it.
 */
export const networkDns: Rule = {
  id: 'network-dns',
  description: 'pods whose egress NetworkPolicies govern may still reach the cluster DNS (UDP 53, kube-system)',
  check(object, context) {
    const template = podTemplateOf(object);
    if (template === undefined || template.spec.hostNetwork === true || template.spec.dnsPolicy === 'None') {
      return [];
    }
    const namespace = namespaceOf(object);
    const governing = context.index
      .ofKind('NetworkPolicy', namespace)
      .filter(
        (policy) =>
          policyDirections(policy).includes('Egress') && policyTemplates(policy, context.index).includes(template),
      );
    if (governing.length === 0) {
      return [];
    }
    const allowed = governing.some((policy) =>
      ((specOf(policy).egress ?? []) as Json[]).some(
        (rule) => policyPortsAdmit(rule?.ports, DNS_PORT) && peersMayReachDns(rule?.to, namespace),
      ),
    );
    return allowed
      ? []
      : [
          {
            warning: true,
            message: `the pods' egress is governed by ${governing.map(describeObject).join(', ')}, and none lets them send DNS queries (UDP 53) to the cluster DNS in kube-system: every name lookup fails, Services' included`,
            fix: `allow egress to kube-dns (namespaceSelector ${NAMESPACE_NAME_LABEL}: kube-system, podSelector k8s-app: kube-dns, ports 53 UDP and TCP), as an AppChart's allow-dns policy does`,
          },
        ];
  },
};

export const NETWORK_RULES: readonly Rule[] = [networkDns, serviceConnections];
