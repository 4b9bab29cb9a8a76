import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Environment } from '../config/environment';
import { INGRESS_CONTROLLER_NAMESPACE_CONTEXT } from '../constructs/ingress';
import { Labels, MANAGED_BY } from '../constructs/labels';
import {
  ContainerDefaults,
  KUBERNETES_VERSION_CONTEXT,
  Namespace,
  NamespaceQuota,
  PodSecurityLevel,
} from '../constructs/namespace';
import { DEFAULT_DENY_CONTEXT, NAMESPACE_NAME_LABEL, NetworkPolicy } from '../constructs/network-policy';
import { PropShape, checkShape, is } from '../constructs/prop-shapes';

/** Properties of an `AppChart`. */
export interface AppChartProps {
  /** The environment the chart is synthesized for. */
  readonly env: Environment;
  /** The namespace the chart creates and puts its objects in. */
  readonly namespace: string;
  /**
   * Labels of the namespace, beside its own, for selectors of namespaces (a NetworkPolicy peer's `namespaces`, a
   * webhook's `namespaceSelector`), e.g. `{ 'platform.example.com/tenant': 'true' }`. @default - none
   */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  /** The Pod Security profile enforced in the namespace. @default PodSecurityLevel.RESTRICTED */
  readonly podSecurity?: PodSecurityLevel;
  /** Deny all traffic in the namespace but DNS and traffic between its own pods, unless a policy allows it. @default true */
  readonly denyTrafficByDefault?: boolean;
  /** What the namespace's objects may use in total (see `NamespaceProps.quota`). @default - no quota */
  readonly quota?: NamespaceQuota;
  /** Requests and limits of its containers that set none (see `NamespaceProps.containerDefaults`). @default - none */
  readonly containerDefaults?: ContainerDefaults;
}

/** The shape of `AppChartProps`; the namespace's own props are its Namespace's to check. */
const APP_CHART_SHAPE = {
  env: is.required(
    is.having('kubernetesVersion', 'the Environment the app is built for (its build function is given it)'),
  ),
  namespace: is.required(is.dnsLabel),
  namespaceLabels: is.labels,
  podSecurity: is.checkedElsewhere,
  denyTrafficByDefault: is.bool,
  quota: is.checkedElsewhere,
  containerDefaults: is.checkedElsewhere,
} satisfies PropShape<AppChartProps>;

/**
 * One application: one chart, one namespace it creates, one file in `dist/<env>/`. Every object carries the
 * recommended labels `part-of` (the chart id), `instance` (`<id>-<env>`) and `managed-by`.
 */
export class AppChart extends Chart {
  /** The namespace the chart's objects live in. */
  public readonly ns: Namespace;
  /** The environment the chart is synthesized for. */
  public readonly env: Environment;

  public constructor(scope: Construct, id: string, props: AppChartProps) {
    // Props as untyped code may pass them: checked once the chart is there to name in the message.
    const given = props as Partial<AppChartProps> | undefined;
    super(scope, id, {
      namespace: typeof given?.namespace === 'string' ? given.namespace : undefined,
      disableResourceNameHashes: true,
      labels: {
        [Labels.PART_OF]: id,
        [Labels.INSTANCE]: `${id}-${String(given?.env?.name)}`,
        [Labels.MANAGED_BY]: MANAGED_BY,
      },
    });
    checkShape(this, '', props, APP_CHART_SHAPE);
    this.env = props.env;
    this.node.setContext(INGRESS_CONTROLLER_NAMESPACE_CONTEXT, props.env.ingressControllerNamespace);
    this.node.setContext(DEFAULT_DENY_CONTEXT, props.denyTrafficByDefault ?? true);
    this.node.setContext(KUBERNETES_VERSION_CONTEXT, props.env.kubernetesVersion);
    this.ns = new Namespace(this, 'Namespace', {
      name: props.namespace,
      labels: props.namespaceLabels,
      podSecurity: props.podSecurity,
      quota: props.quota,
      containerDefaults: props.containerDefaults,
    });
    if (props.denyTrafficByDefault ?? true) {
      this.denyTrafficByDefault();
    }
  }

  /** Pods of the namespace accept nothing and send only DNS queries and traffic to each other, unless allowed. */
  private denyTrafficByDefault(): void {
    new NetworkPolicy(this, 'DefaultDeny', { name: 'default-deny', ingress: [], egress: [] });
    new NetworkPolicy(this, 'AllowDns', {
      name: 'allow-dns',
      egress: [
        {
          peers: [{ namespaces: { [NAMESPACE_NAME_LABEL]: 'kube-system' }, pods: { 'k8s-app': 'kube-dns' } }],
          ports: [
            { port: 53, protocol: kplus.Protocol.UDP },
            { port: 53, protocol: kplus.Protocol.TCP },
          ],
        },
      ],
    });
    new NetworkPolicy(this, 'AllowNamespaceEgress', {
      name: 'allow-namespace-egress',
      egress: [{ peers: [{ pods: {} }] }],
    });
  }
}
