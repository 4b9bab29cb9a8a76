import { Testing } from 'cdk8s';
import { PodsChart } from '../../lib/charts/pods';
import { AnyManifest, DEV, find } from '../helpers';
import { expectRestricted, restrictedViolations } from './restricted';

function synthPods(): AnyManifest[] {
  return Testing.synth(new PodsChart(Testing.app(), 'pods', DEV));
}

describe('PodsChart', () => {
  it('creates the course-pods namespace and puts its objects in it', () => {
    const manifests = synthPods();
    expect(find(manifests, 'Namespace', 'course-pods')).toBeDefined();
    expect(find(manifests, 'Pod', 'web-with-sidecar').metadata.namespace).toBe('course-pods');
    expect(find(manifests, 'ReplicaSet', 'hello').metadata.namespace).toBe('course-pods');
  });

  it('runs a pod of two containers, web and sidecar', () => {
    const pod = find(synthPods(), 'Pod', 'web-with-sidecar');
    expect(pod.spec.containers.map((container: AnyManifest) => container.name)).toEqual(['web', 'sidecar']);
  });

  it("has the web container listen on port 8080 with the environment's image", () => {
    const [web] = find(synthPods(), 'Pod', 'web-with-sidecar').spec.containers;
    expect(web.image).toBe(DEV.webImage);
    expect(web.ports).toEqual([{ containerPort: 8080, name: 'http' }]);
  });

  it('has the sidecar reach the web container on localhost:8080, the address the two share', () => {
    const [web, sidecar] = find(synthPods(), 'Pod', 'web-with-sidecar').spec.containers;
    expect(sidecar.command.join(' ')).toContain('http://localhost:8080');
    expect(web.ports[0].containerPort).toBe(8080);
  });

  it('gives the web container a writable /tmp under its read-only root', () => {
    const pod = find(synthPods(), 'Pod', 'web-with-sidecar');
    expect(pod.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.spec.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.spec.volumes).toContainEqual({ name: 'tmp', emptyDir: {} });
  });

  it('has the sidecar ready while the web container answers it, and restarted when its loop hangs', () => {
    const sidecar = find(synthPods(), 'Pod', 'web-with-sidecar').spec.containers[1];
    expect(sidecar.command.join(' ')).toContain('if wget -q -O /dev/null http://localhost:8080/');
    expect(sidecar.readinessProbe.exec.command).toEqual(['test', '-e', '/heartbeat/ready']);
    expect(sidecar.livenessProbe.exec.command.join(' ')).toContain('/heartbeat/alive');
    expect(sidecar.volumeMounts).toEqual([{ name: 'heartbeat', mountPath: '/heartbeat' }]);
  });

  it('keeps three replicas of the hello pod', () => {
    expect(find(synthPods(), 'ReplicaSet', 'hello').spec.replicas).toBe(3);
  });

  it('has the ReplicaSet select exactly the labels its template carries', () => {
    const replicaSet = find(synthPods(), 'ReplicaSet', 'hello');
    const selector = replicaSet.spec.selector.matchLabels;
    const labels = replicaSet.spec.template.metadata.labels;
    expect(Object.keys(selector).length).toBeGreaterThan(0);
    expect(labels).toMatchObject(selector);
    expect(selector).toEqual({ 'app.kubernetes.io/name': 'hello', 'app.kubernetes.io/instance': 'pods-dev' });
  });

  it('does not let the ReplicaSet select the two-container pod', () => {
    const manifests = synthPods();
    const selector = find(manifests, 'ReplicaSet', 'hello').spec.selector.matchLabels;
    const podLabels = find(manifests, 'Pod', 'web-with-sidecar').metadata.labels;
    expect(Object.entries(selector).every(([key, value]) => podLabels[key] === value)).toBe(false);
  });

  it('runs every pod under the restricted Pod Security profile', () => {
    expectRestricted(synthPods());
  });

  it('has a restricted check that catches a container allowed to escalate privileges', () => {
    const manifests = synthPods();
    find(manifests, 'Pod', 'web-with-sidecar').spec.containers[1].securityContext.allowPrivilegeEscalation = true;
    expect(restrictedViolations(manifests)).toEqual([
      'Pod/web-with-sidecar container sidecar: allowPrivilegeEscalation is not false',
    ]);
  });

  it('keeps the web containers alive while their http port accepts connections, a question other than readiness', () => {
    const manifests = synthPods();
    const webOf = (kind: string, name: string) => {
      const object = find(manifests, kind, name);
      const spec = kind === 'Pod' ? object.spec : object.spec.template.spec;
      return spec.containers.find((container: AnyManifest) => container.name === 'web');
    };
    for (const [kind, name] of [
      ['Pod', 'web-with-sidecar'],
      ['ReplicaSet', 'hello'],
    ]) {
      const web = webOf(kind, name);
      expect(web.livenessProbe.tcpSocket).toEqual({ port: 'http' });
      expect(web.readinessProbe.httpGet).toMatchObject({ path: '/', port: 'http' });
    }
  });
});
