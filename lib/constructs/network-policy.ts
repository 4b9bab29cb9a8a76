import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkPortName } from './container';
import { uniqueId } from './construct-id';
import { MetadataProps, objectMetadata } from './metadata';
import { METADATA_SHAPE, PropShape, checkShape, is } from './prop-shapes';
import * as k8s from '../../imports/k8s';
import { intOrString } from './probe';
import { STRICT_SINCE, cidrProblem } from '../checks/ip-address';
import { checkDnsSubdomain, checkPort, fail, isCidr, isStrictSubnet, oneAddressHint } from './validation';

/** Where traffic comes from or goes to. */
export interface NetworkPolicyPeer {
  /** Pods with these labels (all of the namespace when empty). @default - pods are not restricted */
  readonly pods?: Readonly<Record<string, string>>;
  /** Namespaces with these labels; without it, `pods` means pods of the policy's namespace. @default - this namespace */
  readonly namespaces?: Readonly<Record<string, string>>;
  /** Addresses in this CIDR. @default - no address block */
  readonly cidr?: string;
  /**
   * Blocks inside `cidr` left out, e.g. `['169.254.169.254/32']` (a cloud's metadata service) of `0.0.0.0/0`.
   * @default - none
   */
  readonly except?: readonly string[];
}

/** A port of a rule. */
export interface NetworkPolicyPort {
  /** A port number or a container port name. */
  readonly port: number | string;
  /** The protocol. @default kplus.Protocol.TCP */
  readonly protocol?: kplus.Protocol;
}

/** Traffic a policy allows. */
export interface NetworkPolicyRule {
  /** From (ingress) or to (egress) these peers. @default - any peer */
  readonly peers?: readonly NetworkPolicyPeer[];
  /** On these ports. @default - every port */
  readonly ports?: readonly NetworkPolicyPort[];
}

/** Properties of a `NetworkPolicy`. */
export interface NetworkPolicyProps extends MetadataProps {
  /** The policy's name. @default - the construct id */
  readonly name?: string;
  /** The pods it applies to. @default - every pod of the namespace */
  readonly podSelector?: Readonly<Record<string, string>>;
  /** Incoming traffic allowed; an empty list allows none. @default - the policy does not govern incoming traffic */
  readonly ingress?: readonly NetworkPolicyRule[];
  /** Outgoing traffic allowed; an empty list allows none. @default - the policy does not govern outgoing traffic */
  readonly egress?: readonly NetworkPolicyRule[];
}

/** The shape of `NetworkPolicyPeer`. */
export const NETWORK_POLICY_PEER_SHAPE = {
  pods: is.labels,
  namespaces: is.labels,
  cidr: is.text,
  except: is.texts,
} satisfies PropShape<NetworkPolicyPeer>;

/** The shape of `NetworkPolicyRule`. */
const NETWORK_POLICY_RULE_SHAPE = {
  peers: is.list(is.object(NETWORK_POLICY_PEER_SHAPE)),
  ports: is.list(
    is.object({
      // A named port is matched against the pods' container ports, whose names are IANA service names.
      port: is.required((scope, field, value) => {
        is.portOrName(scope, field, value);
        if (typeof value === 'string') {
          checkPortName(scope, field, value);
        }
      }),
      protocol: is.oneOf(Object.values(kplus.Protocol)),
    } satisfies PropShape<NetworkPolicyPort>),
  ),
} satisfies PropShape<NetworkPolicyRule>;

/** The shape of `NetworkPolicyProps`. */
const NETWORK_POLICY_SHAPE = {
  ...METADATA_SHAPE,
  name: is.text,
  podSelector: is.labels,
  ingress: is.list(is.object(NETWORK_POLICY_RULE_SHAPE)),
  egress: is.list(is.object(NETWORK_POLICY_RULE_SHAPE)),
} satisfies PropShape<NetworkPolicyProps>;

/**
 * A NetworkPolicy. Policies add up: a pod selected by any policy of a direction accepts, in that direction, only the
 * traffic one of them allows. An `AppChart` denies everything by default; Services, Ingresses and workloads that use
 * the API allow what they need.
 */
export class NetworkPolicy extends Construct {
  /** The policy's name. */
  public readonly name: string;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubeNetworkPolicy;

  public constructor(scope: Construct, id: string, props: NetworkPolicyProps) {
    super(scope, uniqueId(scope, id));
    checkShape(this, '', props, NETWORK_POLICY_SHAPE);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? id);
    for (const direction of ['ingress', 'egress'] as const) {
      props[direction]?.forEach((rule, index) => this.validateRule(rule, `${direction}[${index}]`));
    }
    const policyTypes = [...(props.ingress ? ['Ingress'] : []), ...(props.egress ? ['Egress'] : [])];
    this.apiObject = new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: objectMetadata(this, this.name, props),
      spec: {
        podSelector: labelSelector(props.podSelector ?? {}),
        policyTypes,
        ingress: props.ingress?.map((rule) => ({ from: renderPeers(rule.peers), ports: renderPorts(rule.ports) })),
        egress: props.egress?.map((rule) => ({ to: renderPeers(rule.peers), ports: renderPorts(rule.ports) })),
      },
    });
  }

  private validateRule(rule: NetworkPolicyRule, where: string): void {
    rule.peers?.forEach((peer, index) => {
      if (peer.pods === undefined && peer.namespaces === undefined && peer.cidr === undefined) {
        fail(
          this,
          `${where}.peers[${index}] is an empty peer, which the API server refuses; give it pods, namespaces or a ` +
            'cidr (pods: {} for every pod of the namespace, namespaces: {} for every namespace), or remove it',
        );
      }
    });
    for (const peer of rule.peers ?? []) {
      if (peer.cidr !== undefined && (peer.pods !== undefined || peer.namespaces !== undefined)) {
        fail(
          this,
          `a peer with cidr "${peer.cidr}" selects pods or namespaces too, which the API server refuses (an address ` +
            'block stands alone in its peer); make them two peers of the rule',
        );
      }
      if (peer.cidr !== undefined && !isCidr(peer.cidr)) {
        fail(
          this,
          `cidr must be an address block such as "10.0.0.0/8", got "${peer.cidr}"` + oneAddressHint(peer.cidr),
        );
      }
      for (const [field, block] of [
        ['cidr', peer.cidr],
        ...(peer.except ?? []).map((except) => ['except', except]),
      ] as const) {
        const strict = block !== undefined && isCidr(block) ? cidrProblem(block, STRICT_SINCE) : undefined;
        if (strict !== undefined) {
          fail(
            this,
            `${field} "${block}" ${strict.problem}` +
              (strict.suggestion === undefined ? '; write an IPv4 block as such' : `; write "${strict.suggestion}"`),
          );
        }
      }
      for (const block of peer.except ?? []) {
        if (peer.cidr === undefined || !isCidr(block) || !isStrictSubnet(block, peer.cidr)) {
          fail(
            this,
            `except "${block}" must be an address block inside cidr ${peer.cidr === undefined ? '(none given)' : `"${peer.cidr}"`} ` +
              'and smaller than it, which the API server requires; give the peer a cidr that holds it, or remove it',
          );
        }
      }
    }
    for (const port of rule.ports ?? []) {
      if (typeof port.port === 'number') {
        checkPort(this, 'ports.port', port.port);
      }
    }
  }
}

function renderPeers(peers?: readonly NetworkPolicyPeer[]): k8s.NetworkPolicyPeer[] | undefined {
  return peers?.map((peer) => ({
    podSelector: peer.pods === undefined ? undefined : labelSelector(peer.pods),
    namespaceSelector: peer.namespaces === undefined ? undefined : labelSelector(peer.namespaces),
    ipBlock: peer.cidr === undefined ? undefined : { cidr: peer.cidr, except: peer.except && [...peer.except] },
  }));
}

/** A selector of these labels; `{}`, which selects everything, when there are none. */
function labelSelector(labels: Readonly<Record<string, string>>): k8s.LabelSelector {
  return Object.keys(labels).length === 0 ? {} : { matchLabels: { ...labels } };
}

function renderPorts(ports?: readonly NetworkPolicyPort[]): k8s.NetworkPolicyPort[] | undefined {
  return ports?.map((port) => ({ port: intOrString(port.port), protocol: port.protocol ?? kplus.Protocol.TCP }));
}

/** The label every namespace carries with its own name, for selecting a namespace by name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * The context key an `AppChart` sets to `true` when its namespace denies all traffic by default, so that workloads know
 * a policy governs their pods.
 */
export const DEFAULT_DENY_CONTEXT = 'k8s-course.io/default-deny';
