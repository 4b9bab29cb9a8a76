import { certificateRequestProblem } from '../../lib/checks/certificate-rules';
import { AnyManifest } from '../helpers';
import { rawFindings } from './raw-kinds';

const request = (change: (spec: AnyManifest) => void) =>
  rawFindings('CertificateSigningRequest', 'raw-client', (manifest) => change(manifest.spec));

/** The raw request's base64, decoded, changed, and encoded again. */
function reencoded(change: (pem: string) => string): string {
  let encoded = '';
  request((spec) => (encoded = spec.request));
  return Buffer.from(change(Buffer.from(encoded, 'base64').toString('latin1')), 'latin1').toString('base64');
}

describe('certificate-request-spec', () => {
  it('passes the request as written', () => {
    expect(request(() => undefined)).toEqual([]);
  });

  it('fires for usages that are none, unknown or repeated', () => {
    expect(request((spec) => (spec.usages = []))).toEqual(['certificate-request-spec: spec.usages is empty']);
    expect(request((spec) => (spec.usages = ['digital signature', 'client auth_x', 'digital signature']))).toEqual([
      'certificate-request-spec: spec.usages[1] "client auth_x" is not a key usage',
      'certificate-request-spec: spec.usages[2] repeats "digital signature"',
    ]);
  });

  it('fires for a signer name that is not a domain of two labels and a path', () => {
    expect(request((spec) => (spec.signerName = 'RAW.EXAMPLE.COM/CLIENT'))).toEqual([
      'certificate-request-spec: spec.signerName "RAW.EXAMPLE.COM/CLIENT" has a domain "RAW.EXAMPLE.COM" that is not of two or more DNS-1123 labels',
    ]);
    expect(request((spec) => (spec.signerName = '*'))).toEqual([
      'certificate-request-spec: spec.signerName "*" is not a domain and a path, e.g. "example.com/signer-name"',
    ]);
    expect(request((spec) => (spec.signerName = 'example.com/client_x'))).toEqual([
      'certificate-request-spec: spec.signerName "example.com/client_x" has a path "client_x" that is not of DNS-1123 subdomains',
    ]);
  });

  it('fires for the legacy signer, which the v1 API refuses', () => {
    expect(request((spec) => (spec.signerName = 'kubernetes.io/legacy-unknown'))).toEqual([
      'certificate-request-spec: spec.signerName "kubernetes.io/legacy-unknown" is the legacy signer, which certificates.k8s.io/v1 does not take',
    ]);
    expect(request((spec) => (spec.signerName = 'kubernetes.io/kube-apiserver-client'))).toEqual([]);
  });

  it('fires for an expiration under 10 minutes', () => {
    expect(request((spec) => (spec.expirationSeconds = 599))).toEqual([
      'certificate-request-spec: spec.expirationSeconds 599 is less than 600 (10 minutes)',
    ]);
  });

  it('fires for a request that is not a PEM certificate request, or whose signature does not verify', () => {
    expect(request((spec) => (spec.request = Buffer.from('not a PEM').toString('base64')))).toEqual([
      'certificate-request-spec: spec.request is not a certificate request the API server reads: PEM block type must be CERTIFICATE REQUEST',
    ]);
    expect(certificateRequestProblem(reencoded((pem) => pem.replace(/REQUEST/g, 'REQUESTS')))).toBe(
      'PEM block type must be CERTIFICATE REQUEST',
    );
    // The subject's common name "raw-client" becomes "raw-clienu": the signature no longer matches what it signs.
    expect(certificateRequestProblem(reencoded((pem) => pem.replace('bGllbnQx', 'bGllbnUx')))).toBe(
      'x509: the request’s signature does not verify with its public key',
    );
    expect(certificateRequestProblem(reencoded((pem) => pem.replace('MIHkMIGLAgEA', 'MIHlMIGLAgEA')))).toMatch(
      /^asn1: /,
    );
  });
});
