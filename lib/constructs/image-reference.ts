/**
 * Image references as the kubelet reads them: `[host[:port]/]path[:tag][@algorithm:hex]`, by the grammar of
 * github.com/distribution/reference (`ParseNormalizedNamed`, which the kubelets of Kubernetes 1.27 and 1.37 call).
 * The API server takes any image that is not empty; one the kubelet cannot parse leaves the pod waiting in
 * InvalidImageName, never started. The constructs and the `image-reference` check both read this module.
 */

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const PATH = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG = /^\w[\w.-]{0,127}$/;
/** A bare image ID, which the kubelet refuses as a name. */
const IMAGE_ID = /^[a-f0-9]{64}$/;
const DIGEST = /^([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*):(.*)$/;
/** The digest algorithms the kubelet knows, with the length of their lower-case hex. */
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };
/** The most characters of a repository path (with Docker Hub's `library/` for a one-component name). */
const MAX_PATH = 255;

/** What is wrong with an image reference, and the corrected reference where the fix is obvious. */
export interface ImageReferenceProblem {
  /** What is wrong, e.g. `the repository name must be lower case`. */
  readonly problem: string;
  /** The reference the user most likely meant, itself valid. @default - none is obvious */
  readonly suggestion?: string;
}

/** The parts of a reference: the registry host (when the name has one), path, tag and digest. */
interface Parts {
  readonly domain?: string;
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Splits a reference the way the kubelet does: digest after `@`, tag after the last `:` of the last component. */
function split(image: string): Parts {
  const at = image.indexOf('@');
  const named = at < 0 ? image : image.slice(0, at);
  const digest = at < 0 ? undefined : image.slice(at + 1);
  const colon = named.indexOf(':', named.lastIndexOf('/') + 1);
  const name = colon < 0 ? named : named.slice(0, colon);
  const tag = colon < 0 ? undefined : named.slice(colon + 1);
  const slash = name.indexOf('/');
  const first = name.slice(0, slash);
  // The first component is a registry when it could not be a repository: localhost, a dot, a port or upper case;
  // a first component that is no host name but passes as a repository's (a_b.com) is read as one.
  const registry = first === 'localhost' || /[.:]/.test(first) || first.toLowerCase() !== first;
  if (slash >= 0 && registry && (DOMAIN.test(first) || !PATH.test(name))) {
    return { domain: first, path: name.slice(slash + 1), tag, digest };
  }
  return { path: name, tag, digest };
}

function join(parts: Parts): string {
  return (
    (parts.domain === undefined ? '' : `${parts.domain}/`) +
    parts.path +
    (parts.tag === undefined ? '' : `:${parts.tag}`) +
    (parts.digest === undefined ? '' : `@${parts.digest}`)
  );
}

function digestProblem(digest: string): string | undefined {
  const match = DIGEST.exec(digest);
  const length = match === null ? undefined : DIGEST_HEX_LENGTH[match[1]];
  if (match !== null && length !== undefined && new RegExp(`^[a-f0-9]{${length}}$`).test(match[2])) {
    return undefined;
  }
  return `the digest "${digest}" must be sha256: and 64 lower-case hex digits (or sha384: and 96, sha512: and 128)`;
}

/** What is wrong with the parts, in the order a reader would fix them; undefined when the reference is valid. */
function partsProblem(parts: Parts): string | undefined {
  const { domain, path, tag, digest } = parts;
  if (path.toLowerCase() !== path) {
    return `the repository name "${path}" must be lower case`;
  }
  if (domain !== undefined && !DOMAIN.test(domain)) {
    return `the registry "${domain}" is not a host name or [IPv6 address] with an optional :port`;
  }
  if (path === '') {
    return 'it names no repository';
  }
  if (!PATH.test(path)) {
    return (
      `the repository name "${path}" must be lower-case letters and digits, with ".", "_", "__" or dashes only ` +
      'between them, in components separated by "/"'
    );
  }
  const full = path.includes('/') || domain !== undefined ? path : `library/${path}`;
  if (full.length > MAX_PATH) {
    const hub = full === path ? '' : ' (with the "library/" of Docker Hub)';
    return `the repository name is ${full.length} characters long${hub}, more than ${MAX_PATH}`;
  }
  if (tag !== undefined && !TAG.test(tag)) {
    return tag === ''
      ? 'the tag after ":" is empty'
      : `the tag "${tag}" must be at most 128 letters, digits, "_", "." or "-", not starting with "." or "-"`;
  }
  return digest === undefined ? undefined : digestProblem(digest);
}

function valid(image: string): boolean {
  return !/\s/.test(image) && !IMAGE_ID.test(image) && partsProblem(split(image)) === undefined;
}

function whitespaceProblem(image: string): ImageReferenceProblem {
  const trimmed = image.trim();
  if (/\s/.test(trimmed)) {
    // "nginx latest": a tag written after a space instead of a colon.
    const [name, tag, ...rest] = trimmed.split(/\s+/);
    const joined = `${name}:${tag}`;
    return {
      problem: 'it contains whitespace',
      suggestion: rest.length === 0 && split(name).tag === undefined && valid(joined) ? joined : undefined,
    };
  }
  const where = image.startsWith(trimmed) ? 'end' : image.endsWith(trimmed) ? 'start' : 'start and end';
  return { problem: `it has whitespace at its ${where}`, suggestion: valid(trimmed) ? trimmed : undefined };
}

/** What keeps the kubelet from parsing `image` as a reference, or undefined when it parses. */
export function imageReferenceProblem(image: string): ImageReferenceProblem | undefined {
  if (/\s/.test(image)) {
    return whitespaceProblem(image);
  }
  if (IMAGE_ID.test(image)) {
    return { problem: 'a 64-digit hex string is an image ID, not a repository name' };
  }
  const parts = split(image);
  const problem = partsProblem(parts);
  if (problem === undefined) {
    return undefined;
  }
  const lower = join({ ...parts, path: parts.path.toLowerCase() });
  return { problem, suggestion: lower !== image && valid(lower) ? lower : undefined };
}

/** How to fix an invalid reference: the suggestion, or the grammar. */
export function imageReferenceFix(problem: ImageReferenceProblem): string {
  return problem.suggestion === undefined
    ? 'write the image as [registry[:port]/]repository[:tag][@sha256:digest], with a lower-case repository'
    : `write "${problem.suggestion}"`;
}
