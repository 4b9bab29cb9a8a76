import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Environment } from '../config/environment';
import { Deployment } from '../constructs/deployment';
import { exemptFromPolicy } from '../constructs/policy-exemption';
import { AppChart } from './app-chart';
import { loop } from './loop';

/** The kubectl image the reader runs; its version matches the cluster's. */
const KUBECTL_IMAGE = 'bitnami/kubectl:1.27';

/**
 * ServiceAccounts, Roles, RoleBindings, ClusterRoles and ClusterRoleBindings, least privilege: a workload's
 * ServiceAccount may read ConfigMaps in its own namespace (a Role) and list namespaces (a ClusterRole), and
 * nothing else.
 */
export class RbacChart extends AppChart {
  /** The workload's identity. */
  public readonly serviceAccount: kplus.ServiceAccount;
  /** What it may do in its namespace. */
  public readonly role: kplus.Role;
  /** What it may do cluster-wide. */
  public readonly clusterRole: kplus.ClusterRole;
  /** The workload that uses both. */
  public readonly reader: Deployment;

  public constructor(scope: Construct, id: string, env: Environment) {
    super(scope, id, { env, namespace: 'course-rbac' });
    this.serviceAccount = new kplus.ServiceAccount(this, 'config-reader', { metadata: { name: 'config-reader' } });
    this.role = new kplus.Role(this, 'configmap-reader', { metadata: { name: 'configmap-reader' } });
    this.role.allow(['get', 'list', 'watch'], kplus.ApiResource.CONFIG_MAPS);
    new kplus.RoleBinding(this, 'config-reader-configmaps', {
      metadata: { name: 'config-reader-configmaps' },
      role: this.role,
    }).addSubjects(this.serviceAccount);
    this.clusterRole = new kplus.ClusterRole(this, 'namespace-viewer', {
      metadata: { name: 'course-namespace-viewer' },
    });
    this.clusterRole.allow(['get', 'list', 'watch'], kplus.ApiResource.NAMESPACES);
    new kplus.ClusterRoleBinding(this, 'config-reader-namespaces', {
      metadata: { name: 'course-config-reader-namespaces' },
      role: this.clusterRole,
    }).addSubjects(this.serviceAccount);
    this.reader = new Deployment(this, 'config-reader-app', {
      name: 'config-reader',
      replicas: 1,
      serviceAccount: this.serviceAccount,
      containers: [
        {
          name: 'kubectl',
          image: KUBECTL_IMAGE,
          // Ready while what it is granted works; restarted if kubectl hangs on the API.
          ...loop('kubectl get configmaps && kubectl get namespaces', Duration.seconds(60)),
        },
      ],
    });
    exemptFromPolicy(this.reader, {
      rules: [],
      polarisChecks: ['automountServiceAccountToken', 'deploymentMissingReplicas'],
      reason:
        'the lesson: kubectl in the pod calls the Kubernetes API with the ServiceAccount token, and one reader ' +
        'shows in its log what the Role and ClusterRole allow',
    });
  }
}
