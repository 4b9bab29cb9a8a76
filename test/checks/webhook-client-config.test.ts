import { caBundleProblems, clientConfigProblems } from '../../lib/checks/webhook-client-config';
import { TEST_CA_CERTIFICATE } from '../certificates';

/** The messages of the problems of a client config at `at`. */
function messages(at: string, clientConfig: unknown): string[] {
  return clientConfigProblems(at, clientConfig).map((problem) => problem.message);
}

describe('clientConfigProblems', () => {
  it('words each problem at the path it is given, for an admission or a conversion webhook', () => {
    expect(messages('webhooks[2].clientConfig', { url: 'https://x.example.com', service: { name: 'a' } })).toEqual([
      'webhooks[2].clientConfig has both url and service; it needs exactly one',
    ]);
    expect(
      messages('spec.conversion.webhook.clientConfig', { service: { name: 'c', namespace: 'n', path: '//' } }),
    ).toEqual([
      'spec.conversion.webhook.clientConfig.service.path "//" must start with "/" and have segments that are DNS-1123 subdomains (not "")',
    ]);
  });

  it('judges the segments of a path after its first character, as the API server does of one without a leading "/"', () => {
    expect(messages('webhooks[0].clientConfig', { service: { name: 's', namespace: 'n', path: 'Xa' } })).toEqual([
      'webhooks[0].clientConfig.service.path "Xa" must start with "/" and have segments that are DNS-1123 subdomains',
    ]);
  });

  it('takes a Service of any name and namespace that are not empty, as both API servers do (seen on 1.27 and 1.37)', () => {
    for (const service of [
      { name: 'My_Svc', namespace: 'default' },
      { name: 'a/b', namespace: 'Not A NS' },
      { name: 'a.b.c', namespace: 'default', port: 65535, path: '/v1.2/check-x/' },
    ]) {
      expect(messages('webhooks[0].clientConfig', { service })).toEqual([]);
    }
  });

  it('warns of a caBundle that holds no certificate once decoded, or a PEM block that is none, and takes a CA', () => {
    const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
    const service = { name: 's', namespace: 'n' };
    expect(
      clientConfigProblems('webhooks[0].clientConfig', { service, caBundle: base64(TEST_CA_CERTIFICATE) }),
    ).toEqual([]);
    // Encoded twice: the bundle decodes to base64 text, not to PEM.
    expect(
      clientConfigProblems('webhooks[0].clientConfig', { service, caBundle: base64(base64(TEST_CA_CERTIFICATE)) }),
    ).toEqual([
      {
        warning: true,
        message:
          'webhooks[0].clientConfig.caBundle holds no PEM certificate (-----BEGIN CERTIFICATE-----) once base64-decoded: the API server stores it, then trusts no certificate it is served, and every call fails (under failurePolicy Fail, every request it matches is refused)',
        fix: "write the CA certificates that signed the server's certificate, PEM-encoded, then base64-encoded once (a PEM already base64-encoded is encoded twice)",
      },
    ]);
    expect(
      caBundleProblems('spec.caBundle', base64('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')).map(
        (problem) => problem.message,
      ),
    ).toEqual([
      expect.stringMatching(/^spec\.caBundle holds a PEM block that is no X\.509 certificate once base64-decoded: /),
    ]);
    // Left out or empty: the system's trust roots.
    expect(caBundleProblems('spec.caBundle', '')).toEqual([]);
  });
});
