import { LOCAL, applyStrict, kubectlResult, serverRelease } from './kubectl';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

jest.setTimeout(60_000);

function manifestFile(yaml: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-harness-')), 'manifest.yaml');
  fs.writeFileSync(file, yaml);
  return file;
}

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: harness-restricted
  labels:
    pod-security.kubernetes.io/enforce: restricted
`;

describe('the harness can fail', () => {
  it('rejects a manifest with an unknown field', () => {
    const result = applyStrict(
      manifestFile(`apiVersion: v1
kind: ConfigMap
metadata:
  name: harness-unknown-field
  namespace: default
data:
  a: b
dataa:
  c: d
`),
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/\.dataa: field not declared in schema|unknown field "dataa"/);
    expect(kubectlResult(['get', 'configmap', 'harness-unknown-field', '-n', 'default']).status).not.toBe(0);
  });

  it('rejects a privileged pod in a namespace that enforces restricted', () => {
    expect(applyStrict(manifestFile(NAMESPACE)).status).toBe(0);
    const result = applyStrict(
      manifestFile(`apiVersion: v1
kind: Pod
metadata:
  name: privileged
  namespace: harness-restricted
spec:
  containers:
    - name: app
      image: busybox:1.36
      securityContext:
        privileged: true
`),
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/violates PodSecurity "restricted:latest"|violates PodSecurity "restricted/);
    expect(result.stderr).toMatch(/privileged/);
  });
});

describe('the harness talks to the server it means', () => {
  // Against a cluster of one's own (KUBECONFIG) there is no release to expect.
  const onLocalCluster = LOCAL === undefined ? it.skip : it;

  onLocalCluster(
    "reads the release of the local cluster that this jest project brought up from the server's /version",
    () => {
      expect(serverRelease()).toBe(LOCAL?.version);
    },
  );
});
