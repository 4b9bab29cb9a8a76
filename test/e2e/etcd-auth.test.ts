import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { LOCAL } from './kubectl';

/** The local cluster's state folder and etcd port, as cluster/env.sh sets them for this project's version. */
const PKI = path.join(LOCAL?.state ?? '', 'pki');
const PORT = LOCAL?.etcdPort;

function curl(args: readonly string[]): { status: number; stdout: string } {
  const result = spawnSync('curl', ['-s', '--max-time', '5', ...args], { encoding: 'utf8' });
  return { status: result.status ?? -1, stdout: result.stdout ?? '' };
}

/** Only the local cluster that the suite started is ours to probe; a cluster of one's own is left alone. */
const local = LOCAL !== undefined && fs.existsSync(path.join(PKI, 'ca.crt'));
const describeLocal = local ? describe : describe.skip;

describeLocal('the local cluster`s etcd', () => {
  it('does not answer plain HTTP', () => {
    const result = curl([`http://127.0.0.1:${PORT}/v2/keys`]);
    expect(result.status).not.toBe(0);
    expect(result.stdout).not.toContain('"health"');
  });

  it('refuses a TLS client without a certificate', () => {
    const result = curl(['--cacert', path.join(PKI, 'ca.crt'), `https://127.0.0.1:${PORT}/health`]);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
  });

  it('answers the API server`s client certificate, made from the cluster`s CA', () => {
    const result = curl([
      '--cacert',
      path.join(PKI, 'ca.crt'),
      '--cert',
      path.join(PKI, 'apiserver-etcd-client.crt'),
      '--key',
      path.join(PKI, 'apiserver-etcd-client.key'),
      `https://127.0.0.1:${PORT}/health`,
    ]);
    expect(result.stdout).toContain('"health":"true"');
  });

  it('keeps its keys readable by the user alone', () => {
    expect(fs.statSync(PKI).mode & 0o077).toBe(0);
    expect(fs.statSync(path.join(PKI, 'apiserver-etcd-client.key')).mode & 0o077).toBe(0);
    expect(fs.statSync(path.join(PKI, 'etcd-server.key')).mode & 0o077).toBe(0);
  });
});
