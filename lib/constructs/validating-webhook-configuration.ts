import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { MATCH_CONDITIONS_SINCE } from '../checks/webhook-rules';
import { compareReleases } from '../config/kubernetes-version';
import { uniqueId } from './construct-id';
import { releaseOf } from './lifecycle-handler';
import { MetadataProps, objectMetadata } from './metadata';
import { METADATA_SHAPE, PropShape, checkShape, is } from './prop-shapes';
import { IService } from './service';
import { checkDnsSubdomain, fail, isDnsSubdomain } from './validation';

/** What the API server does when the webhook cannot be called or does not answer in time. */
export enum FailurePolicy {
  /** Refuse the request (Kubernetes' default): nothing the webhook has not seen gets in. */
  FAIL = 'Fail',
  /** Let the request through unchecked. */
  IGNORE = 'Ignore',
}

/** Whether calling the webhook changes anything beyond its answer (which decides whether dry runs may call it). */
export enum SideEffects {
  /** It changes nothing: dry runs call it too. */
  NONE = 'None',
  /** It changes something, but not for a dry run (`dryRun` in the review). */
  NONE_ON_DRY_RUN = 'NoneOnDryRun',
}

/** An operation of a request the webhook is called for. */
export enum WebhookOperation {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  DELETE = 'DELETE',
  CONNECT = 'CONNECT',
  /** Every operation. */
  ALL = '*',
}

/** Which requests a webhook is called for. */
export interface WebhookRule {
  /** The resources: a `CustomResourceDefinition`'s `resource`, or `kplus.ApiResource.PODS` and the like. */
  readonly resources: readonly kplus.IApiResource[];
  /** The operations. */
  readonly operations: readonly WebhookOperation[];
  /** The API versions of the resources. @default ['*'] */
  readonly apiVersions?: readonly string[];
}

/** A requirement of a label selector. */
export interface LabelSelectorRequirement {
  /** The label's key. */
  readonly key: string;
  /** How the label's value is compared. */
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  /** The values, for In and NotIn. @default - none */
  readonly values?: readonly string[];
}

/** A label selector: every label of `matchLabels` and every requirement of `matchExpressions`. */
export interface LabelSelector {
  /** Labels the object must have. @default - none */
  readonly matchLabels?: Readonly<Record<string, string>>;
  /** Requirements on its labels. @default - none */
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

/** A CEL condition a request must meet for the webhook to be called (1.28 and later). */
export interface MatchCondition {
  /** The condition's name, a qualified name, e.g. `not-the-controller`. */
  readonly name: string;
  /** A CEL expression of type bool over `object`, `oldObject`, `request`, `namespaceObject` and `authorizer`. */
  readonly expression: string;
}

/** One webhook: a Service of the project that the API server asks about the requests its rules match. */
export interface ValidatingWebhook {
  /** The webhook's name, a DNS subdomain of at least three segments in the owner's domain, e.g. `backups.example.com`. */
  readonly name: string;
  /** The Service of the pods that answer. */
  readonly service: IService;
  /** The Service's port. @default - the Service's first port */
  readonly port?: number;
  /** The HTTP path the API server posts the review to, e.g. `/validate-backup`. @default '/' */
  readonly path?: string;
  /**
   * The PEM certificate of the CA that signed the Service's serving certificate (public: it is the TLS Secret's
   * `ca.crt`), written base64-encoded as `caBundle`; the API server trusts the webhook's certificate by it.
   */
  readonly caCertificate: string;
  /** The requests it is called for. */
  readonly rules: readonly WebhookRule[];
  /** What happens when it cannot be called. @default FailurePolicy.FAIL */
  readonly failurePolicy?: FailurePolicy;
  /** Whether calling it changes anything. @default SideEffects.NONE */
  readonly sideEffects?: SideEffects;
  /** The namespaces of the objects it is called for (by their labels). @default - every namespace */
  readonly namespaceSelector?: LabelSelector;
  /** CEL conditions on the request, all of which must hold (1.28 and later). @default - none */
  readonly matchConditions?: readonly MatchCondition[];
  /** How long the API server waits for an answer, 1 to 30 seconds. @default - 10 seconds */
  readonly timeout?: Duration;
}

/** Properties of a `ValidatingWebhookConfiguration`. */
export interface ValidatingWebhookConfigurationProps extends MetadataProps {
  /** The configuration's name. @default - the construct id */
  readonly name?: string;
  /** Its webhooks. */
  readonly webhooks: readonly ValidatingWebhook[];
}

const SELECTOR_SHAPE = {
  matchLabels: is.labels,
  matchExpressions: is.list(
    is.object({
      key: is.required(is.text),
      operator: is.required(is.oneOf(['In', 'NotIn', 'Exists', 'DoesNotExist'])),
      values: is.texts,
    } satisfies PropShape<LabelSelectorRequirement>),
  ),
} satisfies PropShape<LabelSelector>;

const RULE_SHAPE = {
  resources: is.required(is.list(is.having('resourceType', 'a kplus.IApiResource, e.g. definition.resource'))),
  operations: is.required(is.list(is.oneOf(Object.values(WebhookOperation)))),
  apiVersions: is.texts,
} satisfies PropShape<WebhookRule>;

const WEBHOOK_SHAPE = {
  name: is.required(is.text),
  service: is.required(is.having('ports', 'a Service')),
  port: is.port,
  path: is.absolutePath,
  caCertificate: is.required(is.pemCertificates),
  rules: is.required(is.list(is.object(RULE_SHAPE))),
  failurePolicy: is.oneOf(Object.values(FailurePolicy)),
  sideEffects: is.oneOf(Object.values(SideEffects)),
  namespaceSelector: is.object(SELECTOR_SHAPE),
  matchConditions: is.list(
    is.object({ name: is.required(is.text), expression: is.required(is.text) } satisfies PropShape<MatchCondition>),
  ),
  timeout: is.seconds,
} satisfies PropShape<ValidatingWebhook>;

/** The shape of `ValidatingWebhookConfigurationProps`. */
const VALIDATING_WEBHOOK_CONFIGURATION_SHAPE = {
  ...METADATA_SHAPE,
  name: is.text,
  webhooks: is.required(is.list(is.object(WEBHOOK_SHAPE))),
} satisfies PropShape<ValidatingWebhookConfigurationProps>;

/**
 * A ValidatingWebhookConfiguration (cluster-wide): the API server asks a Service of the project (over TLS, trusting
 * the CA given) whether a request its rules match may go in, e.g. an operator's check of its own kind. Make it after
 * the objects of that kind: once it exists, they go in only when the webhook answers. cdk8s-plus-27 has none.
 */
export class ValidatingWebhookConfiguration extends Construct {
  /** The configuration's name. */
  public readonly name: string;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubeValidatingWebhookConfiguration;

  public constructor(scope: Construct, id: string, props: ValidatingWebhookConfigurationProps) {
    super(scope, uniqueId(scope, id));
    checkShape(this, '', props, VALIDATING_WEBHOOK_CONFIGURATION_SHAPE);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? id);
    this.apiObject = new k8s.KubeValidatingWebhookConfiguration(this, 'Resource', {
      metadata: objectMetadata(this, this.name, props),
      webhooks: props.webhooks.map((webhook, index) => this.webhook(webhook, `webhooks[${index}]`)),
    });
  }

  private webhook(webhook: ValidatingWebhook, where: string): k8s.ValidatingWebhook {
    if (!isDnsSubdomain(webhook.name) || webhook.name.split('.').length < 3) {
      fail(
        this,
        `${where}.name must be a DNS-1123 subdomain of at least three segments, in the owner's domain, got ` +
          `"${webhook.name}"; write e.g. "v${webhook.name.split('.')[0].toLowerCase()}.example.com"`,
      );
    }
    // The path the shape has made absolute: the API server takes "/" or DNS-1123 subdomains between single "/"s.
    const segments = webhook.path?.slice(1).replace(/\/$/, '').split('/') ?? [];
    if (webhook.path !== undefined && webhook.path !== '/' && !segments.every((segment) => isDnsSubdomain(segment))) {
      fail(
        this,
        `${where}.path must be "/" or segments of lower-case letters, digits, "-" and "." (DNS-1123 subdomains) ` +
          `between single "/"s, got "${webhook.path}"; the API server refuses it; write e.g. "/validate-widgets"`,
      );
    }
    const timeout = webhook.timeout?.toSeconds();
    if (timeout !== undefined && (timeout < 1 || timeout > 30)) {
      fail(this, `${where}.timeout must be 1 to 30 seconds, got ${timeout} seconds; the API server refuses it`);
    }
    const release = releaseOf(this);
    if (webhook.matchConditions !== undefined && compareReleases(release, MATCH_CONDITIONS_SINCE) < 0) {
      fail(
        this,
        `${where}.matchConditions need Kubernetes ${MATCH_CONDITIONS_SINCE} or later, and the environment's ` +
          `kubernetesVersion is ${release}, whose API server drops them; filter with rules and namespaceSelector, or ` +
          `give them only from ${MATCH_CONDITIONS_SINCE}`,
      );
    }
    return {
      name: webhook.name,
      admissionReviewVersions: ['v1'],
      clientConfig: {
        service: {
          name: webhook.service.name,
          namespace: Chart.of(webhook.service).namespace ?? 'default',
          port: webhook.port ?? webhook.service.ports[0]?.port,
          path: webhook.path,
        },
        caBundle: Buffer.from(webhook.caCertificate).toString('base64'),
      },
      rules: webhook.rules.flatMap((rule) =>
        rule.resources.map((resource) => ({
          apiGroups: [resource.apiGroup],
          apiVersions: [...(rule.apiVersions ?? ['*'])],
          resources: [resource.resourceType],
          operations: [...rule.operations],
        })),
      ),
      failurePolicy: webhook.failurePolicy ?? FailurePolicy.FAIL,
      sideEffects: webhook.sideEffects ?? SideEffects.NONE,
      namespaceSelector:
        webhook.namespaceSelector === undefined
          ? undefined
          : {
              matchLabels: webhook.namespaceSelector.matchLabels,
              matchExpressions: webhook.namespaceSelector.matchExpressions?.map((requirement) => ({
                key: requirement.key,
                operator: requirement.operator,
                values: requirement.values === undefined ? undefined : [...requirement.values],
              })),
            },
      matchConditions: webhook.matchConditions?.map((condition) => ({ ...condition })),
      timeoutSeconds: timeout,
    };
  }
}
