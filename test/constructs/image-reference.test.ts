import { imageReferenceFix, imageReferenceProblem } from '../../lib/constructs/image-reference';

// Each verdict below is what github.com/distribution/reference v0.6.0's ParseNormalizedNamed (the kubelet's parser)
// says of the same string.
const DIGEST = 'a'.repeat(64);

describe('imageReferenceProblem', () => {
  it.each([
    'nginx',
    'nginx:1.27',
    'library/nginx:1.27',
    'docker.io/library/nginx:1.27',
    'registry.example.com:5000/team/app:v1.2',
    'localhost/app',
    'localhost:5000/app:1',
    '[::1]:5000/app:1',
    'MyRegistry/app:1',
    'a_b.com/app',
    'a__b/c-d--e.f:Tag_1.2-x',
    `nginx@sha256:${DIGEST}`,
    `nginx:1.27@sha256:${DIGEST}`,
    `nginx@sha512:${'b'.repeat(128)}`,
    `nginx:${'t'.repeat(128)}`,
  ])('passes %s', (image) => {
    expect(imageReferenceProblem(image)).toBeUndefined();
  });

  it.each([
    ['Nginx:1.25', 'the repository name "Nginx" must be lower case', 'nginx:1.25'],
    [
      'registry.example.com/Team/App:1',
      'the repository name "Team/App" must be lower case',
      'registry.example.com/team/app:1',
    ],
    ['nginx latest', 'it contains whitespace', 'nginx:latest'],
    ['nginx:1.25 ', 'it has whitespace at its end', 'nginx:1.25'],
    ['\tnginx:1.25', 'it has whitespace at its start', 'nginx:1.25'],
    [' nginx ', 'it has whitespace at its start and end', 'nginx'],
  ])('refuses %j: %s, suggesting %s', (image, problem, suggestion) => {
    expect(imageReferenceProblem(image)).toEqual({ problem, suggestion });
  });

  it.each([
    ['a b c', 'it contains whitespace'],
    ['nginx:1 latest', 'it contains whitespace'],
    ['nginx:', 'the tag after ":" is empty'],
    ['nginx:.1', 'the tag ".1" must be at most 128 letters, digits, "_", "." or "-", not starting with "." or "-"'],
    [
      `nginx:${'t'.repeat(129)}`,
      `the tag "${'t'.repeat(129)}" must be at most 128 letters, digits, "_", "." or "-", not starting with "." or "-"`,
    ],
    [
      'nginx-',
      'the repository name "nginx-" must be lower-case letters and digits, with ".", "_", "__" or dashes only between them, in components separated by "/"',
    ],
    [
      'a___b',
      'the repository name "a___b" must be lower-case letters and digits, with ".", "_", "__" or dashes only between them, in components separated by "/"',
    ],
    [
      'my_registry:5000/app',
      'the registry "my_registry:5000" is not a host name or [IPv6 address] with an optional :port',
    ],
    ['@sha256:' + DIGEST, 'it names no repository'],
    [
      `nginx@sha256:${DIGEST.toUpperCase()}`,
      `the digest "sha256:${DIGEST.toUpperCase()}" must be sha256: and 64 lower-case hex digits (or sha384: and 96, sha512: and 128)`,
    ],
    [
      `nginx@md5:${'a'.repeat(32)}`,
      `the digest "md5:${'a'.repeat(32)}" must be sha256: and 64 lower-case hex digits (or sha384: and 96, sha512: and 128)`,
    ],
    [DIGEST, 'a 64-digit hex string is an image ID, not a repository name'],
    [`r.io/${'b'.repeat(256)}`, 'the repository name is 256 characters long, more than 255'],
  ])('refuses %j without a suggestion: %s', (image, problem) => {
    expect(imageReferenceProblem(image)).toEqual({ problem, suggestion: undefined });
  });

  it('counts the library/ of a one-component Docker Hub name in the 255 characters', () => {
    expect(imageReferenceProblem('b'.repeat(247))).toBeUndefined();
    expect(imageReferenceProblem('b'.repeat(248))?.problem).toBe(
      'the repository name is 256 characters long (with the "library/" of Docker Hub), more than 255',
    );
  });
});

describe('imageReferenceFix', () => {
  it('writes the suggestion when there is one, else the grammar', () => {
    expect(imageReferenceFix({ problem: 'x', suggestion: 'nginx:1.25' })).toBe('write "nginx:1.25"');
    expect(imageReferenceFix({ problem: 'x' })).toBe(
      'write the image as [registry[:port]/]repository[:tag][@sha256:digest], with a lower-case repository',
    );
  });
});
