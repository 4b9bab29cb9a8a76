import { Construct } from 'constructs';
import { Environment } from '../config/environment';
import { Ingress } from '../constructs/ingress';
import { exemptFromPolicy } from '../constructs/policy-exemption';
import { Service, ServiceType } from '../constructs/service';
import { WebService } from '../constructs/web-service';
import { AppChart } from './app-chart';

/** The NodePort the course opens the web site on: http://<node>:30080. */
export const WEB_NODE_PORT = 30080;

/**
 * Deployments, the four Service types and Ingress: a web site and an API, each a Deployment with revision history
 * behind a ClusterIP Service; the site also behind a NodePort and a LoadBalancer Service; an ExternalName alias for
 * the Kubernetes documentation; and one Ingress that routes a host's `/` to the site and `/api` to the API.
 */
export class WebChart extends AppChart {
  /** The web site. */
  public readonly web: WebService;
  /** The API. */
  public readonly api: WebService;
  /** The site's NodePort Service. */
  public readonly nodePort: Service;
  /** The site's LoadBalancer Service. */
  public readonly loadBalancer: Service;
  /** The alias of a host outside the cluster. */
  public readonly externalName: Service;
  /** The host and path routes. */
  public readonly ingress: Ingress;

  public constructor(scope: Construct, id: string, env: Environment) {
    super(scope, id, { env, namespace: 'course-web' });
    this.web = new WebService(this, 'web', {
      image: env.webImage,
      replicas: env.webReplicas,
      changeCause: env.webChangeCause,
      resources: env.webResources,
    });
    this.api = new WebService(this, 'api', {
      image: 'hashicorp/http-echo:1.0',
      containerPort: 5678,
      replicas: env.webReplicas,
      changeCause: 'answer /api with a fixed text',
      env: { ECHO_TEXT: 'hello from the course API' },
      writablePaths: [],
    });
    this.nodePort = new Service(this, 'web-nodeport', {
      type: ServiceType.NODE_PORT,
      selector: this.web.deployment,
      ports: [{ port: 80, targetPort: 'http', nodePort: WEB_NODE_PORT }],
    });
    exemptFromPolicy(this.nodePort, {
      rules: [],
      kubeScoreChecks: ['service-type'],
      reason: `the course's NodePort lesson: the site on port ${WEB_NODE_PORT} of every node`,
    });
    this.loadBalancer = new Service(this, 'web-loadbalancer', {
      type: ServiceType.LOAD_BALANCER,
      selector: this.web.deployment,
      ports: [{ port: 80, targetPort: 'http' }],
    });
    this.externalName = new Service(this, 'kubernetes-docs', {
      type: ServiceType.EXTERNAL_NAME,
      externalName: 'kubernetes.io',
    });
    this.ingress = new Ingress(this, 'web-routes', {
      rules: [
        {
          host: `web.${env.domain}`,
          paths: [
            { path: '/', service: this.web.service },
            { path: '/api', service: this.api.service },
          ],
        },
      ],
    });
    if (`.${env.domain}`.endsWith('.localhost')) {
      exemptFromPolicy(this.ingress, {
        rules: [],
        polarisChecks: ['tlsSettingsMissing'],
        reason: `${env.domain} is under .localhost, which resolves to the machine itself and no CA certifies`,
      });
    }
  }
}
