/**
 * A YAML writer for the plain JSON objects the writer produces: block style, two-space indent, sequences indented
 * under their key, strings plain only when no YAML 1.1 or 1.2 reader can take them for anything else (kubectl reads
 * YAML 1.1), double-quoted otherwise, and multi-line strings as literal blocks. What it writes reads back as the same
 * JSON under the `yaml` package and under sigs.k8s.io/yaml (go-yaml), which kubectl and Argo CD use; the property
 * tests hold it to that. It is several times faster than building a document tree with the `yaml` library, which was
 * half of a large synthesis.
 */

/** Plain-safe characters, less the `e0` and `e-0` that the `yaml` package's YAML 1.1 schema reads as a float. */
const PLAIN = /^(?![eE]-?[0-9]+$)[A-Za-z_/][A-Za-z0-9_./@-]*$/;
/** Words that YAML 1.1 (kubectl) or 1.2 read as booleans or null. */
const RESERVED = new Set(
  ['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null'].flatMap((word) => [
    word,
    word.toUpperCase(),
    word[0].toUpperCase() + word.slice(1),
  ]),
);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };
type Collection = Json[] | { [key: string]: Json | undefined };

/** Scalars already written: keys and many values repeat in every object. */
const SCALARS = new Map<string, string>();
const MAX_CACHED_LENGTH = 64;

/**
 * Characters JSON leaves raw that YAML cannot carry raw: go-yaml refuses DEL, the C1 controls, U+FEFF, U+FFFE and
 * U+FFFF, and YAML 1.1 reads U+0085, U+2028 and U+2029 as line breaks. The `g` copy is for `replace` only, as `test`
 * on a global regexp keeps state.
 */
const NOT_RAW = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
const NOT_RAW_ALL = new RegExp(NOT_RAW.source, 'g');

const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * What is wrong with a string that holds a lone surrogate, which UTF-8, and so Kubernetes, cannot carry:
 * `holds a lone surrogate (U+D800) at character 12, ...`; undefined when it holds none. The `lone-surrogate` check
 * and the writer say it in the same words. Strings without any surrogate cost one character-class test.
 */
export function loneSurrogateProblem(value: string): string | undefined {
  if (!SURROGATE.test(value)) {
    return undefined;
  }
  const match = LONE_SURROGATE.exec(value);
  if (match === null) {
    return undefined;
  }
  const code = match[0].charCodeAt(0).toString(16).toUpperCase();
  return `holds a lone surrogate (U+${code}) at character ${match.index}, which Kubernetes (UTF-8 JSON) cannot carry`;
}

/**
 * Throws when the string holds a lone surrogate: any escape for it is refused by go-yaml, and writing it changed would
 * hide it. The `lone-surrogate` check reports it with its field path before anything is written.
 */
function assertWellFormed(value: string): void {
  const problem = loneSurrogateProblem(value);
  if (problem !== undefined) {
    throw new Error(
      `cannot write ${JSON.stringify(value.slice(0, 80))}: it ${problem}; write a full surrogate pair or remove it`,
    );
  }
}

/** `\xNN` or `\uNNNN`, escapes that both the `yaml` package and go-yaml read in a double-quoted scalar. */
function escapeCharacter(character: string): string {
  const code = character.charCodeAt(0);
  const hex = code.toString(16).toUpperCase();
  return code <= 0xff ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`;
}

/** A double-quoted scalar: JSON's escapes, which YAML shares, and escapes for what YAML cannot carry raw. */
function doubleQuoted(value: string): string {
  const json = JSON.stringify(value);
  return NOT_RAW.test(json) ? json.replace(NOT_RAW_ALL, escapeCharacter) : json;
}

/** A string as a YAML scalar on one line. */
function scalar(value: string): string {
  let written = SCALARS.get(value);
  if (written === undefined) {
    assertWellFormed(value);
    written = PLAIN.test(value) && !RESERVED.has(value) ? value : doubleQuoted(value);
    if (value.length <= MAX_CACHED_LENGTH) {
      SCALARS.set(value, written);
    }
  }
  return written;
}

/**
 * What a literal block cannot hold: control characters (which it looks for, hence the lint exception), what YAML
 * cannot carry raw, line separators, and trailing spaces on a line.
 */
// eslint-disable-next-line no-control-regex
const NOT_LITERAL = /[\t\r\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[ ]\n|[ ]$/;
/** Readers take a block's indentation from its first non-empty line; when that line starts with a space, say it. */
const INDENTED_FIRST_LINE = /^\n*[ ]/;
const TRAILING_NEWLINES = /\n+$/;

/**
 * The string as a literal block whose lines start at `indent`, or undefined when a block cannot keep every
 * character (then it is written double-quoted). A string of newlines only is left to quoting: a block of empty
 * lines reads back as "".
 */
function literalBlock(value: string, indent: string): string | undefined {
  if (NOT_LITERAL.test(value)) {
    return undefined;
  }
  const body = value.replace(TRAILING_NEWLINES, '');
  if (body === '') {
    return undefined;
  }
  assertWellFormed(value);
  const trailing = value.length - body.length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  // Content sits two columns right of the collection that holds it, as `indent` does; the indicator counts from there.
  const indicator = INDENTED_FIRST_LINE.test(value) ? '2' : '';
  const lines = (trailing > 1 ? value.slice(0, -1) : body).split('\n');
  return `|${indicator}${chomp}\n${lines.map((line) => (line === '' ? '' : `${indent}${line}`)).join('\n')}`;
}

/** A string after `key: ` or `- `: a literal block when it has several lines and fits one, else one scalar. */
function stringValue(value: string, indent: string): string {
  if (value.includes('\n')) {
    const block = literalBlock(value, indent);
    if (block !== undefined) {
      return block;
    }
  }
  return scalar(value);
}

/** A number as JSON writes it; JSON, and so Kubernetes, has no NaN or Infinity to write. */
function numberValue(value: number): string {
  if (!Number.isFinite(value)) {
    throw new Error(`cannot write the number ${value}: JSON, and so Kubernetes, has no NaN or Infinity`);
  }
  return String(value);
}

/** Whether the value is written as a block of its own lines: a list with an item, or a map with a defined value. */
function isCollection(value: Json | undefined): value is Collection {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  if (Array.isArray(value)) {
    return value.length > 0;
  }
  for (const key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key) && value[key] !== undefined) {
      return true;
    }
  }
  return false;
}

/** A value that fits after `key: ` or `- ` on the same line; an undefined list item is null, as in JSON. */
function inline(value: Json | undefined, indent: string): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  if (typeof value === 'string') {
    return stringValue(value, indent);
  }
  if (typeof value === 'number') {
    return numberValue(value);
  }
  if (typeof value === 'boolean') {
    return String(value);
  }
  return Array.isArray(value) ? '[]' : '{}';
}

/** Both readers refuse an implicit key whose `:` is more than 1024 characters past its start. */
const MAX_IMPLICIT_KEY = 1000;

/** The indentation of each depth, two spaces a level, and the same followed by a sequence dash. */
const INDENTS = [''];
const DASHES = ['- '];

function indentOf(depth: number): string {
  while (INDENTS.length <= depth) {
    INDENTS.push(`${INDENTS[INDENTS.length - 1]}  `);
    DASHES.push(`${INDENTS[INDENTS.length - 1]}- `);
  }
  return INDENTS[depth];
}

/*
 * The writer pushes the pieces of each line (indentation, key, value, newline) into one list that is joined once at
 * the end, so that no line is built and copied on its own; a sequence item's first piece is its indentation, which the
 * sequence replaces with the dash.
 */

/** The key up to its `:`: implicit (`key:`) or, when too long for that, explicit (`? key` then `:`). */
function pushKey(key: string, indent: string, out: string[]): void {
  const written = scalar(key);
  if (written.length <= MAX_IMPLICIT_KEY) {
    out.push(indent, written, ':');
  } else {
    out.push(indent, `? ${written}\n${indent}:`);
  }
}

function mapping(object: { [key: string]: Json | undefined }, depth: number, out: string[]): void {
  const indent = indentOf(depth);
  for (const key in object) {
    if (!Object.prototype.hasOwnProperty.call(object, key)) {
      continue;
    }
    const value = object[key];
    if (value === undefined) {
      continue;
    }
    pushKey(key, indent, out);
    if (isCollection(value)) {
      out.push('\n');
      block(value, depth + 1, out);
    } else {
      out.push(' ', inline(value, indentOf(depth + 1)), '\n');
    }
  }
}

function sequence(items: Json[], depth: number, out: string[]): void {
  const indent = indentOf(depth);
  const inner = indentOf(depth + 1);
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (isCollection(item)) {
      // The item's first line goes after the dash: `- key: value` or `- - value`.
      const first = out.length;
      block(item, depth + 1, out);
      const piece = out[first];
      out[first] = piece === inner ? DASHES[depth] : `${DASHES[depth]}${piece.slice(inner.length)}`;
    } else {
      out.push(indent, '- ', inline(item, inner), '\n');
    }
  }
}

function block(value: Collection, depth: number, out: string[]): void {
  if (Array.isArray(value)) {
    sequence(value, depth, out);
  } else {
    mapping(value, depth, out);
  }
}

/**
 * One document's pieces, ending in a newline; an empty one is `{}` or `[]`, as a blank document is skipped by
 * kubectl.
 */
function pushDocument(value: Collection, out: string[]): void {
  if (!isCollection(value)) {
    out.push(Array.isArray(value) ? '[]\n' : '{}\n');
  } else {
    block(value, 0, out);
  }
}

/** `Kind namespace/name` of a Kubernetes object, or which document of the stream it is. */
function describeDocument(document: object, index: number): string {
  const { kind, metadata } = document as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  if (typeof kind !== 'string' || metadata?.name === undefined) {
    return `document ${index + 1}`;
  }
  const namespace = metadata.namespace === undefined ? '' : `${String(metadata.namespace)}/`;
  return `${kind} ${namespace}${String(metadata.name)}`;
}

/**
 * Objects (or lists) as a multi-document YAML stream, each document ending in a newline, separated by `---`, joined
 * once. Throws on what Kubernetes cannot carry (a lone surrogate in a string, NaN or Infinity), naming the object, as
 * the synthesis renders every file before its checks run and would otherwise report the bad value with no object to
 * look for.
 */
export function toYaml(documents: readonly object[]): string {
  const out: string[] = [];
  for (let index = 0; index < documents.length; index++) {
    if (index > 0) {
      out.push('---\n');
    }
    const document = documents[index];
    try {
      pushDocument(document as Collection, out);
    } catch (error) {
      throw new Error(`${describeDocument(document, index)}: ${(error as Error).message}`, { cause: error });
    }
  }
  return out.join('');
}
