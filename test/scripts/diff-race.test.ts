import { changedWhileDiffing } from '../../scripts/diff-race';

/** One object's section of `kubectl diff` output, with the lines between its header and its hunk. */
function section(name: string, hunk: readonly string[]): string {
  return [
    `diff -u -N /tmp/LIVE-1/apps.v1.Deployment.course-web.${name} /tmp/MERGED-2/apps.v1.Deployment.course-web.${name}`,
    `--- /tmp/LIVE-1/apps.v1.Deployment.course-web.${name}\t2026-12-01 00:54:11.448332881 +0000`,
    `+++ /tmp/MERGED-2/apps.v1.Deployment.course-web.${name}\t2026-12-01 00:54:11.448332881 +0000`,
    '@@ -11,7 +11,7 @@',
    ...hunk,
    '',
  ].join('\n');
}

describe('changedWhileDiffing', () => {
  it('sees an object written on the server between the read and the dry run: its resourceVersion changed', () => {
    const output = section('web', [
      '     deployment.kubernetes.io/revision: "1"',
      '   name: web',
      '   namespace: course-web',
      '-  resourceVersion: "1041"',
      '+  resourceVersion: "1046"',
      '   uid: d56f324f-3ed1-4baf-bc00-7c9034c5a457',
      '@@ -60,7 +60,7 @@',
      ' status:',
      '-  readyReplicas: 2',
      '+  readyReplicas: 3',
    ]);
    expect(changedWhileDiffing(output)).toBe(true);
  });

  it('takes a change of the manifest for what it is: a dry run keeps the resourceVersion', () => {
    const output = section('web', [
      '   creationTimestamp: "2026-12-01T00:54:07Z"',
      '-  generation: 1',
      '+  generation: 2',
      '   labels:',
      '@@ -24,7 +24,7 @@',
      '   spec:',
      '-  replicas: 3',
      '+  replicas: 4',
    ]);
    expect(changedWhileDiffing(output)).toBe(false);
    expect(changedWhileDiffing('')).toBe(false);
  });

  it("looks only at the object's own resourceVersion, not at one nested deeper (a claimRef's)", () => {
    const output = section('data', ['   claimRef:', '-    resourceVersion: "10"', '+    resourceVersion: "12"']);
    expect(changedWhileDiffing(output)).toBe(false);
  });

  it('finds the raced object among others', () => {
    const output =
      section('api', ['-  replicas: 1', '+  replicas: 2']) +
      section('web', ['-  resourceVersion: "7"', '+  resourceVersion: "9"']);
    expect(changedWhileDiffing(output)).toBe(true);
  });
});
