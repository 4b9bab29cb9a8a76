/** What differs between the places the applications are synthesized for. */
export interface Environment {
  /** The environment's name; its manifests go to `dist/<name>/`. */
  readonly name: string;
  /** The DNS domain Ingress hosts are made under, e.g. `web.<domain>`. */
  readonly domain: string;
  /** Pods per web Deployment. */
  readonly webReplicas: number;
  /** The image of the course's web server. */
  readonly webImage: string;
  /** Why the current web revision exists, shown by `kubectl rollout history`. */
  readonly webChangeCause: string;
  /** The node directory under which hostPath PersistentVolumes keep their data. */
  readonly hostPathRoot: string;
}

/** The environments `npm run synth` builds, by name. */
export const ENVIRONMENTS: Readonly<Record<string, Environment>> = {
  dev: {
    name: 'dev',
    domain: 'course.localhost',
    webReplicas: 2,
    webImage: 'nginxinc/nginx-unprivileged:1.27-alpine',
    webChangeCause: 'serve the course page from nginx 1.27',
    hostPathRoot: '/var/lib/k8s-course',
  },
};
