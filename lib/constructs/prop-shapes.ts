import { pemCertificatesProblem } from '../checks/webhook-client-config';
import { IConstruct } from 'constructs';
import type { MetadataProps } from './metadata';
import {
  checkCount,
  checkDnsLabel,
  checkInstance,
  checkKnownKeys,
  checkLabels,
  checkOptionalBoolean,
  checkOptionalList,
  checkOptionalOneOf,
  checkOptionalSeconds,
  checkPort,
  checkString,
  checkStringList,
  checkStringMap,
  describeValue,
  fail,
  isGiven,
  isPlainObject,
  kindOf,
} from './validation';

// The shape of props as JavaScript, `as any` or values read from JSON may give them: a string where a list belongs, a
// misspelt key, a number for a name, null for an object. TypeScript refuses these at compile time; at run time they
// would crash deep in cdk8s, or be written out mangled ([...'ls'] is ['l', 's']) or dropped. Each construct's props
// have a `PropShape` beside them, whose `satisfies PropShape<XxxProps>` makes the compiler refuse a shape that misses
// a prop or names one too many. This module imports no construct, so that every construct can import it.

/** `got <value> (<kind>)`. */
function got(value: unknown): string {
  return `got ${describeValue(value)} (${kindOf(value)})`;
}

/** A JSON value: what a custom resource's spec or a schema may hold (a class instance, NaN or a hole is none). */
function checkJson(scope: IConstruct, field: string, value: unknown): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value)) {
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkJson(scope, `${field}[${index}]`, item));
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) {
        checkJson(scope, `${field}.${key}`, item);
      }
    }
  } else {
    fail(scope, `${field} must be a JSON value (an object, list, string, number, true, false or null), ${got(value)}`);
  }
}

/** One or more PEM certificates, as a CA's `ca.crt` holds them. */
const PEM_CERTIFICATES = /^(\s*-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----)+\s*$/;

/** How one prop is checked once given (undefined is "not given", null is refused by `checkShape`). */
export type PropCheck = ((scope: IConstruct, field: string, value: unknown) => void) & { readonly required?: true };

/** A check for every prop of `T`: `satisfies PropShape<XxxProps>` makes the compiler refuse a missing or extra key. */
export type PropShape<T> = Record<keyof T, PropCheck>;

/** The keys of a shape whose check is `is.required`, by shape (shapes are module constants). */
const REQUIRED_KEYS = new WeakMap<object, readonly string[]>();

function requiredKeys(shape: Readonly<Record<string, PropCheck>>): readonly string[] {
  let keys = REQUIRED_KEYS.get(shape);
  if (keys === undefined) {
    keys = Object.keys(shape).filter((key) => shape[key].required === true);
    REQUIRED_KEYS.set(shape, keys);
  }
  return keys;
}

/**
 * The shape of a construct's props, or of an object prop: every key known, every given value checked by its
 * `PropCheck`, every key in `required` given. `field` prefixes the props' paths ('' for a construct's own props).
 */
export function checkShape(
  scope: IConstruct,
  field: string,
  props: unknown,
  shape: Readonly<Record<string, PropCheck>>,
  required: readonly string[] = [],
): void {
  const where = field === '' ? 'props' : field;
  if (!isPlainObject(props)) {
    checkKnownKeys(scope, where, props, shape);
  }
  // Every construct of an app runs this, so it looks only at the props given (a few of a shape's dozens), builds
  // nothing for a known key, and writes a prop's path only for a prop it checks.
  const given = Object.keys(props as object);
  if (given.some((key) => !Object.hasOwn(shape, key))) {
    checkKnownKeys(scope, where, props, shape);
  }
  for (const key of requiredKeys(shape).concat(required)) {
    if ((props as Record<string, unknown>)[key] === undefined) {
      fail(scope, `${field === '' ? key : `${field}.${key}`} is required, got undefined`);
    }
  }
  for (const key of given) {
    const value = (props as Record<string, unknown>)[key];
    if (value === undefined) {
      continue;
    }
    const path = field === '' ? key : `${field}.${key}`;
    if (isGiven(scope, path, value)) {
      shape[key](scope, path, value);
    }
  }
}

/** Prop checks, composed into a `PropShape`. */
export const is = {
  /** A prop that must be given, checked by `check`. */
  required: (check: PropCheck): PropCheck =>
    Object.assign((...args: Parameters<PropCheck>) => check(...args), { required: true as const }),
  /** Checked elsewhere (by the pod spec's shape, or by the construct's own rules). */
  checkedElsewhere: (() => undefined) as PropCheck,
  /** A string, not blank. */
  text: ((scope, field, value) => checkString(scope, field, value)) as PropCheck,
  /**
   * An absolute path in a container, such as a mount path: the API server takes a relative one (seen on 1.27), and
   * where it lands is then up to the container runtime.
   */
  absolutePath: ((scope, field, value) => {
    if (!checkString(scope, field, value).startsWith('/')) {
      fail(scope, `${field} must be an absolute path, got ${describeValue(value)}; write "/${String(value).trim()}"`);
    }
  }) as PropCheck,
  /** A DNS-1123 label, such as a namespace's name. */
  dnsLabel: ((scope, field, value) => checkDnsLabel(scope, field, value)) as PropCheck,
  /** A string, blank allowed (free text such as an annotation value). */
  anyText: ((scope, field, value) => checkString(scope, field, value, true)) as PropCheck,
  /** An integer of `min` or more, and at most `max` (by default the 32-bit integers' largest). */
  count:
    (min: number, max?: number): PropCheck =>
    (scope, field, value) =>
      checkCount(scope, field, value, min, max),
  /** A port number, 1 to 65535. */
  port: ((scope, field, value) => checkPort(scope, field, value)) as PropCheck,
  /** A port number, or the name of a container port. */
  portOrName: ((scope, field, value) => {
    if (typeof value !== 'string') {
      checkPort(scope, field, value);
    } else if (/^\s*\d+\s*$/.test(value)) {
      // A string is a port's name to Kubernetes, and a name has a letter: "8080" is a number in quotes.
      fail(
        scope,
        `${field} must be a port number or a port's name, got ${describeValue(value)}; write ${value.trim()}, without quotes`,
      );
    } else {
      checkString(scope, field, value);
    }
  }) as PropCheck,
  /** true or false. */
  bool: ((scope, field, value) => checkOptionalBoolean(scope, field, value)) as PropCheck,
  /** One of a few strings, such as an enum's members. */
  oneOf:
    (allowed: readonly string[]): PropCheck =>
    (scope, field, value) =>
      checkOptionalOneOf(scope, field, value, allowed),
  /** An instance of a class, e.g. a Size; `example` shows how to make one. */
  instance:
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- a class, whose constructor may be private
    (type: Function, example: string): PropCheck =>
      (scope, field, value) =>
        checkInstance(scope, field, value, type, example),
  /** A Duration of whole seconds. */
  seconds: ((scope, field, value) => checkOptionalSeconds(scope, field, value)) as PropCheck,
  /** A JSON value (a custom resource's spec, a schema), checked to its leaves. */
  json: ((scope, field, value) => checkJson(scope, field, value)) as PropCheck,
  /** PEM certificates (a CA bundle), e.g. the `ca.crt` of the Secret of a webhook's serving certificate. */
  pemCertificates: ((scope, field, value) => {
    if (!PEM_CERTIFICATES.test(checkString(scope, field, value))) {
      fail(
        scope,
        `${field} must be PEM certificates ("-----BEGIN CERTIFICATE-----", base64 lines, "-----END CERTIFICATE-----"), ` +
          `got ${describeValue(value)}; give the CA's certificate as PEM text (its ca.crt), not base64-encoded`,
      );
    }
    const problem = pemCertificatesProblem(value as string);
    if (problem !== undefined) {
      fail(
        scope,
        `${field} ${problem}: the API server would trust no certificate by it; give the CA's certificate as PEM text (its ca.crt)`,
      );
    }
  }) as PropCheck,
  /** A list of strings. */
  texts: ((scope, field, value) => checkStringList(scope, field, value)) as PropCheck,
  /** Labels or a label selector: keys and values with Kubernetes' label syntax. */
  labels: ((scope, field, value) => checkLabels(scope, field, value as Record<string, string>)) as PropCheck,
  /** An object whose every value `each` checks, e.g. sealed values by Secret. */
  mapOf:
    (each: PropCheck): PropCheck =>
    (scope, field, value) => {
      if (!isPlainObject(value)) {
        fail(scope, `${field} must be an object, ${got(value)}`);
      }
      for (const [key, item] of Object.entries(value)) {
        each(scope, `${field}["${key}"]`, item);
      }
    },
  /** An object of string values (labels, a selector, settings). */
  textMap: ((scope, field, value) => checkStringMap(scope, field, value)) as PropCheck,
  /** A list, each item checked by `each`; a hole (undefined), which an optional item's check takes, is refused. */
  list:
    (each: PropCheck, example?: string): PropCheck =>
    (scope, field, value) =>
      checkOptionalList(
        scope,
        field,
        value,
        (item, at) =>
          item === undefined
            ? fail(scope, `${at} must be given, got undefined (a hole in the list); remove the item or give it a value`)
            : each(scope, at, item),
        example,
      ),
  /** An object of known keys, each checked. */
  object:
    (shape: Readonly<Record<string, PropCheck>>, required: readonly string[] = []): PropCheck =>
    (scope, field, value) =>
      checkShape(scope, field, value, shape, required),
  /** true, false, or an object of known keys, each checked (options that also turn the thing on); `example` names them. */
  boolOrObject:
    (shape: Readonly<Record<string, PropCheck>>, example: string): PropCheck =>
    (scope, field, value) => {
      if (typeof value === 'boolean') {
        return;
      }
      if (!isPlainObject(value)) {
        fail(scope, `${field} must be true, false or ${example}, ${got(value)}`);
      }
      checkShape(scope, field, value, shape);
    },
  /** An object the project made or refers to, with a `name` (a ConfigMap, Secret, StorageClass, claim). */
  named: ((scope, field, value) => {
    if (value === null || typeof value !== 'object') {
      fail(scope, `${field} must be an object with a name, e.g. a Secret or StorageClass.fromName(...), ${got(value)}`);
    }
    checkString(scope, `${field}.name`, (value as { name?: unknown }).name);
  }) as PropCheck,
  /** An object with `key` (a construct such as a workload for `selector`, a Service for a path); `example` names one. */
  having:
    (key: string, example: string): PropCheck =>
    (scope, field, value) => {
      if (value === null || typeof value !== 'object' || !(key in value)) {
        fail(scope, `${field} must be ${example}, ${got(value)}`);
      }
    },
};

/** The shape of the labels and annotations every construct takes. */
export const METADATA_SHAPE = { labels: is.textMap, annotations: is.textMap } satisfies PropShape<MetadataProps>;
