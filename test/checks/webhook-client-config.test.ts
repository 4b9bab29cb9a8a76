import { clientConfigProblems } from '../../lib/checks/webhook-client-config';

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
});
