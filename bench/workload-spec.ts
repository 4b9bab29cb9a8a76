/** The one description of the bench workload that every tool's input is generated from. */

/** The image every application runs (pinned, as the project requires). */
export const IMAGE = 'nginxinc/nginx-unprivileged:1.27-alpine';
/** The domain Ingress hosts are made under (the `dev` environment's). */
export const DOMAIN = 'course.localhost';
/** The port the container serves HTTP on, and the Service port. */
export const CONTAINER_PORT = 8080;
export const SERVICE_PORT = 80;

/** The name of application `i`: its namespace, Deployment, Service, ConfigMap and Ingress. */
export function appName(i: number): string {
  return `app-${i}`;
}

/** The settings of application `i` (its ConfigMap's data). */
export function appSettings(i: number): Record<string, string> {
  return {
    LOG_LEVEL: 'info',
    GREETING: `hello from app ${i}`,
    'settings.json': JSON.stringify({ app: i, features: ['a', 'b'] }),
  };
}
