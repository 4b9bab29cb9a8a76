import { EnvironmentInput } from './environment';

/** The environments `npm run synth` builds, by name. Each is validated against `EnvironmentSchema` at synthesis. */
export const ENVIRONMENTS: Readonly<Record<string, EnvironmentInput>> = {
  dev: {
    name: 'dev',
    kubernetesVersion: '1.27',
    domain: 'course.localhost',
    webReplicas: 2,
    webImage: 'nginxinc/nginx-unprivileged:1.27-alpine',
    webChangeCause: 'serve the course page from nginx 1.27',
    hostPathRoot: '/var/lib/k8s-course',
    storageSize: '1Gi',
    sealingCertificateSha256: '4fedf962ab6d395ff46fd7277ae11a4848a8e9bf1b3da4f6a267e74eeb6d2b3f',
    // The local test cluster (cluster/up.sh): the kubernetes Service's ClusterIP and the apiserver's address.
    apiServerCidrs: ['10.96.0.1/32', '127.0.0.1/32'],
    // The local test cluster's service range (cluster/env.sh's K8S_COURSE_SERVICE_CIDR).
    external: { serviceCidrs: ['10.96.0.0/16'] },
    gitops: { repoURL: 'https://git.example.com/platform/k8s-course.git', targetRevision: 'main', selfHeal: false },
  },
  prod: {
    name: 'prod',
    kubernetesVersion: '1.37',
    domain: 'course.example.com',
    webReplicas: 3,
    webImage: 'nginxinc/nginx-unprivileged:1.27.3-alpine',
    webChangeCause: 'pin nginx 1.27.3 for production',
    webResources: { cpuRequest: '100m', memoryRequest: '128Mi', cpuLimit: '1', memoryLimit: '256Mi' },
    logLevel: 'warn',
    hostPathRoot: '/srv/k8s-course',
    storageSize: '5Gi',
    sealingCertificateSha256: '22427ec91e400f97fecbd8de08dd4be6d9be9d367fd2e58ee87fcd14a8f39c31',
    // The kubernetes Service's ClusterIP and the control plane's subnet: replace with your cluster's
    // (kubectl get service,endpoints kubernetes -n default).
    apiServerCidrs: ['10.96.0.1/32', '10.0.0.0/28'],
    gitops: { repoURL: 'https://git.example.com/platform/k8s-course.git', targetRevision: 'release' },
  },
};
