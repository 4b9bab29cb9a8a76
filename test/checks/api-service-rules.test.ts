import { AnyManifest } from '../helpers';
import { rawFindings } from './raw-kinds';

const apiService = (change: (spec: AnyManifest) => void) =>
  rawFindings('APIService', 'v1beta1.metrics.raw.example.com', (manifest) => change(manifest.spec));

describe('api-service-spec', () => {
  it('passes the APIService as written, and a caBundle or insecureSkipTLSVerify alone', () => {
    expect(apiService(() => undefined)).toEqual([]);
    expect(apiService((spec) => (spec.caBundle = 'Y2E='))).toEqual([]);
    expect(apiService((spec) => (spec.insecureSkipTLSVerify = true))).toEqual([]);
  });

  it('fires for a version or group of the wrong syntax, and a name that is not <version>.<group>', () => {
    expect(apiService((spec) => (spec.version = 'V1BETA1'))).toEqual([
      'api-service-spec: spec.version "V1BETA1" is not a version (a DNS-1035 label: lower-case letters, digits and "-", a letter first)',
      'api-service-spec: metadata.name "v1beta1.metrics.raw.example.com" is not spec.version + "." + spec.group ("V1BETA1.metrics.raw.example.com")',
    ]);
    expect(apiService((spec) => (spec.group = 'metrics.raw.example.com/x'))).toEqual([
      'api-service-spec: spec.group "metrics.raw.example.com/x" is not a DNS-1123 subdomain',
      'api-service-spec: metadata.name "v1beta1.metrics.raw.example.com" is not spec.version + "." + spec.group ("v1beta1.metrics.raw.example.com/x")',
    ]);
  });

  it('fires for priorities out of range', () => {
    expect(
      apiService((spec) => {
        spec.groupPriorityMinimum = 20001;
        spec.versionPriority = 0;
      }),
    ).toEqual([
      'api-service-spec: spec.groupPriorityMinimum 20001 is outside 1-20000',
      'api-service-spec: spec.versionPriority 0 is outside 1-1000',
    ]);
  });

  it('fires for a service without namespace or name or of a port out of range, and a caBundle beside insecureSkipTLSVerify', () => {
    expect(apiService((spec) => (spec.service = { port: 65536 }))).toEqual([
      'api-service-spec: spec.service.namespace is empty',
      'api-service-spec: spec.service.name is empty',
      'api-service-spec: spec.service.port 65536 is outside 1-65535',
    ]);
    expect(
      apiService((spec) => {
        spec.caBundle = 'Y2E=';
        spec.insecureSkipTLSVerify = true;
      }),
    ).toEqual(['api-service-spec: spec.insecureSkipTLSVerify is true beside a caBundle']);
  });

  it('fires for a service port of 0, which both API servers refuse (leave the port out for 443)', () => {
    expect(apiService((spec) => (spec.service.port = 0))).toEqual([
      'api-service-spec: spec.service.port 0 is outside 1-65535',
    ]);
    expect(apiService((spec) => (spec.service.port = 1))).toEqual([]);
  });
});
