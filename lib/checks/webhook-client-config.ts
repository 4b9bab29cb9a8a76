import { X509Certificate } from 'crypto';
import { isDnsSubdomain } from '../constructs/validation';
import { Problem } from './finding';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The parts of a URL as Go's url.Parse splits one of the form scheme://authority/path?query#fragment. */
const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s;
/** What a host (and port) may hold in a URL Go parses: a name, or an IPv6 address of an optional zone ("%25" and it). */
const URL_HOST = /^(\[[0-9A-Fa-f:.]+(%25[A-Za-z0-9._~-]+)?\]|[A-Za-z0-9._~!$&'()*+,;=%-]+)(:\d*)?$/;

/** Whether the text has a control character, which Go's url.Parse refuses. */
function hasControlCharacter(text: string): boolean {
  return [...text].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f);
}

/**
 * The first escape of `text` Go's url.Parse refuses: a "%" without two hex digits, and in a host one of an ASCII byte
 * other than "%25" (RFC 3986 escapes only non-ASCII bytes there).
 */
function invalidEscape(text: string, host: boolean): string | undefined {
  for (let index = text.indexOf('%'); index >= 0; index = text.indexOf('%', index + 1)) {
    const escape = text.slice(index, index + 3);
    if (!/^%[0-9A-Fa-f]{2}$/.test(escape) || (host && parseInt(escape[1], 16) < 8 && escape !== '%25')) {
      return escape;
    }
  }
  return undefined;
}

/** What the API server refuses of a webhook's URL (apiserver's ValidateWebhookURL, with the https scheme forced). */
function urlProblems(at: string, url: unknown): Problem[] {
  const fix = 'write the URL as https://host[:port][/path], without user, query or fragment, "%" only to escape a byte';
  const parts = typeof url === 'string' && !hasControlCharacter(url) ? URL_PARTS.exec(url) : null;
  const problem = (what: string) => [{ message: `${at}.url ${JSON.stringify(url)} ${what}`, fix }];
  if (parts === null) {
    return problem('is not a URL of the form https://host[/path]');
  }
  const [, scheme, authority, path, query, fragment] = parts;
  if (scheme.toLowerCase() !== 'https') {
    return problem(`has the scheme ${JSON.stringify(scheme)}; https is the only one the API server calls`);
  }
  if (authority.includes('@')) {
    return problem('has user information, which the API server refuses in a webhook URL');
  }
  if (!URL_HOST.test(authority)) {
    return problem('has no host, or one that is not a host name, an address or a port');
  }
  const escape = invalidEscape(authority, true) ?? invalidEscape(path, false);
  if (escape !== undefined) {
    return problem(
      `has an invalid escape ${JSON.stringify(escape)} (a "%" and two hex digits; in the host only of a non-ASCII byte or "%25")`,
    );
  }
  if ((query ?? '') !== '' || (fragment ?? '') !== '') {
    return problem('has a query or a fragment, which the API server refuses in a webhook URL');
  }
  return [];
}

/** What the API server refuses of a webhook's Service reference (apiserver's ValidateWebhookService). */
function serviceProblems(clientConfig: string, service: Json): Problem[] {
  const at = `${clientConfig}.service`;
  const problems: Problem[] = [];
  // A missing one is the schema's finding.
  for (const field of ['name', 'namespace']) {
    if (service?.[field] === '') {
      problems.push({
        message: `${at}.${field} is empty`,
        fix: `give the ${field} of the Service the webhook runs behind`,
      });
    }
  }
  const port = service?.port;
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
    problems.push({
      message: `${at}.port ${JSON.stringify(port)} is outside 1-65535`,
      fix: 'give the Service port, or leave it out (443)',
    });
  }
  const path = service?.path;
  if (typeof path === 'string' && path !== '' && path !== '/') {
    // The API server reads the segments after the first character, a "/" or not.
    const segments = path.slice(1).replace(/\/$/, '').split('/');
    const bad = path === '//' ? '' : segments.find((segment) => !isDnsSubdomain(segment));
    if (!path.startsWith('/') || bad !== undefined) {
      problems.push({
        message: `${at}.path ${JSON.stringify(path)} must start with "/" and have segments that are DNS-1123 subdomains${bad === undefined ? '' : ` (not ${JSON.stringify(bad)})`}`,
        fix: 'write the path as /segment/segment, in lower-case letters, digits, "-" and "."',
      });
    }
  }
  return problems;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----/g;

function isCertificate(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}

/**
 * What is wrong with PEM text that should hold CA certificates: none (`holds no PEM certificate`), or a block that is no
 * X.509 certificate; undefined when it holds certificates only.
 */
export function pemCertificatesProblem(pem: string): string | undefined {
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  return blocks.length === 0
    ? 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)'
    : blocks.some((block) => !isCertificate(block))
      ? 'holds a PEM block that is no X.509 certificate'
      : undefined;
}

/**
 * A caBundle (base64 of PEM CA certificates, as the schema checks its base64) that holds no certificate, or a PEM
 * block that is none: both servers store it as given, and then trust no certificate the webhook or API serves, so
 * every call fails. A warning: the object is taken. An empty or absent caBundle means the system's trust roots.
 */
export function caBundleProblems(at: string, caBundle: unknown): Problem[] {
  if (typeof caBundle !== 'string' || caBundle === '') {
    return [];
  }
  const problem = pemCertificatesProblem(Buffer.from(caBundle, 'base64').toString('latin1'));
  return problem === undefined
    ? []
    : [
        {
          warning: true,
          message: `${at} ${problem} once base64-decoded: the API server stores it, then trusts no certificate it is served, and every call fails (under failurePolicy Fail, every request it matches is refused)`,
          fix: "write the CA certificates that signed the server's certificate, PEM-encoded, then base64-encoded once (a PEM already base64-encoded is encoded twice)",
        },
      ];
}

/**
 * What the API server refuses of a webhook's client config (`at` its path): an admission webhook's, or a
 * CustomResourceDefinition's conversion webhook's (apiserver's ValidateWebhookURL and ValidateWebhookService, which
 * both use): not exactly one of url and service, a url other than https://host[/path], a Service of an empty name or
 * namespace, a port outside 1-65535, a path of segments that are not DNS-1123 subdomains. A Service's name and
 * namespace are not judged further: both servers take any non-empty text there (seen on 1.27 and 1.37).
 */
export function clientConfigProblems(at: string, clientConfig: Json): Problem[] {
  const { url, service } = clientConfig ?? {};
  if ((url === undefined) === (service === undefined)) {
    return [
      {
        message: `${at} has ${url === undefined ? 'neither url nor service' : 'both url and service'}; it needs exactly one`,
        fix: 'give the Service the webhook runs behind (service), or its https URL outside the cluster (url)',
      },
    ];
  }
  return [
    ...(url !== undefined ? urlProblems(at, url) : serviceProblems(at, service)),
    ...caBundleProblems(`${at}.caBundle`, clientConfig.caBundle),
  ];
}
