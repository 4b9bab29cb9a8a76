import * as crypto from 'crypto';
import { isDnsLabel, isDnsSubdomain } from '../constructs/validation';
import { Problem } from './finding';
import { Rule } from './rule';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The key usages a CertificateSigningRequest may ask for (certificates' allValidUsages). */
const USAGES = [
  'signing',
  'digital signature',
  'content commitment',
  'key encipherment',
  'key agreement',
  'data encipherment',
  'cert sign',
  'crl sign',
  'encipher only',
  'decipher only',
  'any',
  'server auth',
  'client auth',
  'code signing',
  'email protection',
  's/mime',
  'ipsec end system',
  'ipsec tunnel',
  'ipsec user',
  'timestamping',
  'ocsp signing',
  'microsoft sgc',
  'netscape sgc',
];
const MIN_EXPIRATION_SECONDS = 600;
/** The longest signer name: a DNS-1123 subdomain, "/", and a subdomain and a label joined by "." (253 + 1 + 317). */
const MAX_SIGNER_NAME = 253 + 1 + 253 + 63 + 1;

/** The hashes of the signature algorithms Go's x509 verifies a request's signature with, by the algorithm's OID. */
const SIGNATURE_HASHES: Readonly<Record<string, string | null>> = {
  '2a864886f70d01010b': 'sha256', // sha256WithRSAEncryption
  '2a864886f70d01010c': 'sha384',
  '2a864886f70d01010d': 'sha512',
  '2a8648ce3d040302': 'sha256', // ecdsa-with-SHA256
  '2a8648ce3d040303': 'sha384',
  '2a8648ce3d040304': 'sha512',
  '2b6570': null, // Ed25519, which signs the message itself
};

/** A DER element: its tag, and where it and its content begin and end. */
interface Element {
  readonly tag: number;
  readonly start: number;
  readonly content: number;
  readonly end: number;
}

function element(der: Buffer, position: number, limit: number): Element {
  if (position + 2 > limit) {
    throw new Error('asn1: syntax error: data truncated');
  }
  let length = der[position + 1];
  let content = position + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4 || content + bytes > limit) {
      throw new Error('asn1: structure error: length too large');
    }
    length = 0;
    for (let index = 0; index < bytes; index++) {
      length = length * 256 + der[content + index];
    }
    content += bytes;
  }
  if (content + length > limit) {
    throw new Error('asn1: syntax error: data truncated');
  }
  return { tag: der[position], start: position, content, end: content + length };
}

const SEQUENCE = 0x30;
const BIT_STRING = 0x03;

function expect(found: Element, tag: number): Element {
  if (found.tag !== tag) {
    throw new Error('asn1: structure error: tags don’t match');
  }
  return found;
}

/** Go's pem.Decode of the first block: its type and its bytes, or undefined. */
function pemBlock(text: string): { type: string; bytes: Buffer } | undefined {
  const match = /(?:^|\n)-----BEGIN ([^\n]*?)-----[ \t]*\r?\n([\s\S]*?)(?:^|\n)-----END \1-----/m.exec(text);
  if (match === null) {
    return undefined;
  }
  const body = match[2].replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0) {
    return undefined;
  }
  return { type: match[1], bytes: Buffer.from(body, 'base64') };
}

/**
 * Why the API server cannot read `request` (base64 of a PEM certificate request) as a certificate request signed by
 * its own key (certificates' ParseCSR and CheckSignature), or undefined when it can, or the gate cannot tell (a
 * signature algorithm it does not verify).
 */
export function certificateRequestProblem(request: string): string | undefined {
  const block = pemBlock(Buffer.from(request, 'base64').toString('latin1'));
  if (block === undefined || block.type !== 'CERTIFICATE REQUEST') {
    return 'PEM block type must be CERTIFICATE REQUEST';
  }
  const der = block.bytes;
  try {
    const outer = expect(element(der, 0, der.length), SEQUENCE);
    if (outer.end !== der.length) {
      throw new Error('x509: trailing data after certificate request');
    }
    const info = expect(element(der, outer.content, outer.end), SEQUENCE);
    const algorithm = expect(element(der, info.end, outer.end), SEQUENCE);
    const signature = expect(element(der, algorithm.end, outer.end), BIT_STRING);
    const version = element(der, info.content, info.end);
    const subject = expect(element(der, version.end, info.end), SEQUENCE);
    const publicKeyInfo = expect(element(der, subject.end, info.end), SEQUENCE);
    const oid = element(der, algorithm.content, algorithm.end);
    const hash = SIGNATURE_HASHES[der.subarray(oid.content, oid.end).toString('hex')];
    if (hash === undefined) {
      return undefined;
    }
    const key = crypto.createPublicKey({
      key: der.subarray(publicKeyInfo.start, publicKeyInfo.end),
      format: 'der',
      type: 'spki',
    });
    const signed = crypto.verify(
      hash,
      der.subarray(info.start, info.end),
      key,
      der.subarray(signature.content + 1, signature.end),
    );
    return signed ? undefined : 'x509: the request’s signature does not verify with its public key';
  } catch (error) {
    return (error as Error).message.startsWith('asn1') || (error as Error).message.startsWith('x509')
      ? (error as Error).message
      : `x509: malformed certificate request (${(error as Error).message})`;
  }
}

/** The signer of requests made before signer names: the v1 API refuses it (certificates' allowLegacySignerName). */
const LEGACY_SIGNER = 'kubernetes.io/legacy-unknown';

/** What the API server refuses of a signer name: `<domain of two labels or more>/<path of subdomains>`, not the legacy one. */
function signerNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') {
    return 'is empty';
  }
  if (name === LEGACY_SIGNER) {
    return 'is the legacy signer, which certificates.k8s.io/v1 does not take';
  }
  const segments = name.split('/');
  if (segments.length !== 2) {
    return 'is not a domain and a path, e.g. "example.com/signer-name"';
  }
  const [domain, path] = segments;
  const labels = domain.split('.');
  if (domain.length > 253 || labels.some((label) => !isDnsLabel(label)) || labels.length < 2) {
    return `has a domain ${JSON.stringify(domain)} that is not of two or more DNS-1123 labels`;
  }
  if (path.split('.').some((part) => !isDnsSubdomain(part))) {
    return `has a path ${JSON.stringify(path)} that is not of DNS-1123 subdomains`;
  }
  return name.length > MAX_SIGNER_NAME ? `is longer than ${MAX_SIGNER_NAME} characters` : undefined;
}

function requestProblems(spec: Json): Problem[] {
  const problems: Problem[] = [];
  if (typeof spec.request === 'string') {
    const wrong = certificateRequestProblem(spec.request);
    if (wrong !== undefined) {
      problems.push({
        message: `spec.request is not a certificate request the API server reads: ${wrong}`,
        fix: 'give the base64 of a PEM CERTIFICATE REQUEST signed by its key (openssl req -new ... | base64 -w0)',
      });
    }
  }
  const usages = Array.isArray(spec.usages) ? spec.usages : [];
  if (usages.length === 0) {
    problems.push({
      message: 'spec.usages is empty',
      fix: 'list the key usages, e.g. ["digital signature", "client auth"]',
    });
  }
  usages.forEach((usage: unknown, index: number) => {
    if (!USAGES.includes(usage as string)) {
      problems.push({
        message: `spec.usages[${index}] ${JSON.stringify(usage)} is not a key usage`,
        fix: `list usages among: ${USAGES.join(', ')}`,
      });
    } else if (usages.indexOf(usage) !== index) {
      problems.push({ message: `spec.usages[${index}] repeats ${JSON.stringify(usage)}`, fix: 'list each usage once' });
    }
  });
  const signer = signerNameProblem(spec.signerName);
  if (signer !== undefined && spec.signerName !== undefined) {
    problems.push({
      message: `spec.signerName ${JSON.stringify(spec.signerName)} ${signer}`,
      fix: 'name the signer as <domain>/<name>, e.g. "example.com/client" or "kubernetes.io/kube-apiserver-client"',
    });
  }
  const expiration = spec.expirationSeconds;
  if (typeof expiration === 'number' && expiration < MIN_EXPIRATION_SECONDS) {
    problems.push({
      message: `spec.expirationSeconds ${expiration} is less than ${MIN_EXPIRATION_SECONDS} (10 minutes)`,
      fix: 'ask for 600 seconds or more, or leave it out (the signer’s default)',
    });
  }
  return problems;
}

/**
 * What the API server refuses of a CertificateSigningRequest (certificates' validation): a request that is not a PEM
 * certificate request signed by its own key, no usages or unknown or repeated ones, a signer name that is not
 * `<domain>/<path>` or is the legacy signer, an expiration under 10 minutes.
 */
export const certificateRequestSpec: Rule = {
  id: 'certificate-request-spec',
  description:
    'a CertificateSigningRequest whose request is not a PEM certificate request signed by its key, whose usages are none, unknown or repeated, whose signerName is not <domain of two labels>/<path> or is kubernetes.io/legacy-unknown, or whose expirationSeconds is under 600',
  kinds: ['CertificateSigningRequest'],
  check(object) {
    return requestProblems((object.manifest as Json).spec ?? {});
  },
};

export const CERTIFICATE_RULES: readonly Rule[] = [certificateRequestSpec];
