/**
 * A YAML writer for the plain JSON objects the writer produces: block style, two-space indent, sequences indented
 * under their key, strings plain only when no YAML 1.1 or 1.2 reader can take them for anything else (kubectl reads
 * YAML 1.1), double-quoted (JSON escapes) otherwise, and multi-line strings as literal blocks. It is several times
 * faster than building a document tree with the `yaml` library, which was half of a large synthesis.
 */

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./@-]*$/;
/** Words that YAML 1.1 (kubectl) or 1.2 read as booleans or null. */
const RESERVED = new Set(
  ['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null'].flatMap((word) => [
    word,
    word.toUpperCase(),
    word[0].toUpperCase() + word.slice(1),
  ]),
);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Scalars already written: keys and many values repeat in every object. */
const SCALARS = new Map<string, string>();
const MAX_CACHED_LENGTH = 64;

/** A string as a YAML scalar on one line. */
function scalar(value: string): string {
  let written = SCALARS.get(value);
  if (written === undefined) {
    written = PLAIN.test(value) && !RESERVED.has(value) ? value : JSON.stringify(value);
    if (value.length <= MAX_CACHED_LENGTH) {
      SCALARS.set(value, written);
    }
  }
  return written;
}

/**
 * What a literal block cannot hold: leading blanks, control characters (which it looks for, hence the lint
 * exception), line separators, and trailing spaces on a line.
 */
// eslint-disable-next-line no-control-regex
const NOT_LITERAL = /^[ \t]|[\t\r\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029]|[ ]\n|[ ]$/;

/** Whether a multi-line string can be written as a literal block, keeping every character. */
function fitsLiteralBlock(value: string): boolean {
  return value.includes('\n') && !NOT_LITERAL.test(value);
}

function literalBlock(value: string, indent: string): string {
  const body = value.replace(/\n+$/, '');
  const trailing = value.length - body.length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const lines = (trailing > 1 ? value.slice(0, -1) : body).split('\n');
  return `|${chomp}\n${lines.map((line) => (line === '' ? '' : `${indent}${line}`)).join('\n')}`;
}

function isCollection(value: Json): value is Json[] | { [key: string]: Json } {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  if (Array.isArray(value)) {
    return value.length > 0;
  }
  for (const key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key)) {
      return true;
    }
  }
  return false;
}

/** A value that fits after `key: ` or `- ` on the same line. */
function inline(value: Json, indent: string): string {
  if (value === null) {
    return 'null';
  }
  if (typeof value === 'string') {
    return fitsLiteralBlock(value) ? literalBlock(value, indent) : scalar(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return Array.isArray(value) ? '[]' : '{}';
}

function mapping(object: { [key: string]: Json }, indent: string, out: string[]): void {
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (value === undefined) {
      continue;
    }
    if (isCollection(value)) {
      out.push(`${indent}${scalar(key)}:`);
      block(value, `${indent}  `, out);
    } else {
      out.push(`${indent}${scalar(key)}: ${inline(value, `${indent}  `)}`);
    }
  }
}

function sequence(items: Json[], indent: string, out: string[]): void {
  for (const item of items) {
    if (isCollection(item) && !Array.isArray(item)) {
      const first = out.length;
      mapping(item, `${indent}  `, out);
      out[first] = `${indent}- ${out[first].slice(indent.length + 2)}`;
    } else if (isCollection(item)) {
      out.push(`${indent}- ${JSON.stringify(item)}`);
    } else {
      out.push(`${indent}- ${inline(item, `${indent}  `)}`);
    }
  }
}

function block(value: Json[] | { [key: string]: Json }, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    sequence(value, indent, out);
  } else {
    mapping(value, indent, out);
  }
}

/** Objects as a multi-document YAML stream, each document ending in a newline, separated by `---`. */
export function toYaml(documents: readonly object[]): string {
  return documents
    .map((document) => {
      const out: string[] = [];
      mapping(document as { [key: string]: Json }, '', out);
      return `${out.join('\n')}\n`;
    })
    .join('---\n');
}
