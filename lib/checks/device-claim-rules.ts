import { isDnsLabel, isDnsSubdomain, isLabelKey, isLabelValue } from '../constructs/validation';
import { DEVICE, compileExpression, expressionProblems } from './admission-cel';
import { Problem } from './finding';
import { Rule } from './rule';
import { driverNameProblems } from './csi-object-rules';
import { isExtendedResourceName } from './quota-rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const ALLOCATION_MODES = ['ExactCount', 'All'];
/** The longest selector expression (resource's CELSelectorExpressionMaxLength). */
const MAX_EXPRESSION = 10 * 1024;

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value : [];
}

/** A device selector's CEL: it must compile to a bool over `device`, in the release's environment. */
function selectorProblems(at: string, selectors: unknown, release: string): Problem[] {
  return list(selectors).flatMap((selector, index) => {
    const where = `${at}[${index}]`;
    const expression = selector?.cel?.expression;
    if (selector?.cel === undefined) {
      return [
        {
          message: `${where}.cel is missing`,
          fix: 'select devices with cel.expression, e.g. "device.driver == \'gpu.example.com\'"',
        },
      ];
    }
    if (typeof expression !== 'string' || expression.length > MAX_EXPRESSION) {
      return typeof expression === 'string'
        ? [{ message: `${where}.cel.expression is longer than ${MAX_EXPRESSION} characters`, fix: 'shorten it' }]
        : [];
    }
    return expressionProblems(
      `${where}.cel.expression`,
      expression,
      compileExpression(expression, release, new Map([['device', DEVICE]]), 'bool'),
      'write a CEL expression of type bool over device (driver, attributes, capacity), e.g. "device.driver == \'gpu.example.com\'"',
    );
  });
}

/** What one request (`exactly`) or sub-request (`firstAvailable` item) asks for. */
function exactProblems(at: string, request: Json, release: string): Problem[] {
  const problems: Problem[] = [];
  const className = request?.deviceClassName;
  if (typeof className !== 'string' || className === '') {
    problems.push({ message: `${at}.deviceClassName is empty`, fix: 'name the DeviceClass of the devices' });
  } else if (!isDnsSubdomain(className)) {
    problems.push({
      message: `${at}.deviceClassName ${JSON.stringify(className)} is not a DNS-1123 subdomain`,
      fix: 'name the DeviceClass of the devices',
    });
  }
  problems.push(...selectorProblems(`${at}.selectors`, request?.selectors, release));
  problems.push(
    ...list(request?.tolerations).flatMap((toleration, index) =>
      tolerationProblems(`${at}.tolerations[${index}]`, toleration),
    ),
  );
  const mode = request?.allocationMode ?? 'ExactCount';
  const count = typeof request?.count === 'number' ? request.count : 0;
  if (!ALLOCATION_MODES.includes(mode)) {
    problems.push({
      message: `${at}.allocationMode ${JSON.stringify(mode)} is not one of ${ALLOCATION_MODES.join(', ')}`,
      fix: 'allocate ExactCount devices, or All of the class',
    });
  } else if (mode === 'All' && count !== 0) {
    problems.push({ message: `${at}.count ${count} is given with allocationMode All`, fix: 'leave count out for All' });
  } else if (mode === 'ExactCount' && count < 0) {
    problems.push({
      message: `${at}.count ${count} is negative`,
      fix: 'ask for 1 or more devices, or leave count out (1)',
    });
  }
  return problems;
}

const TOLERATION_OPERATORS = ['Equal', 'Exists'];
/** The effects of a device taint a toleration may name (NoSchedule, NoExecute; None from 1.37's alpha taint rules). */
const DEVICE_TAINT_EFFECTS = ['NoSchedule', 'NoExecute', 'None'];

/** A request's toleration of device taints (resource's validateDeviceToleration; Equal is the default operator). */
function tolerationProblems(at: string, toleration: Json): Problem[] {
  const problems: Problem[] = [];
  const key: unknown = toleration?.key ?? '';
  const value: unknown = toleration?.value ?? '';
  const operator: unknown = toleration?.operator ?? 'Equal';
  const effect: unknown = toleration?.effect ?? '';
  if (key !== '' && !(typeof key === 'string' && isLabelKey(key))) {
    problems.push({
      message: `${at}.key ${JSON.stringify(key)} is not a taint key (a label key), which the API server refuses`,
      fix: 'write the device taint\'s key, e.g. "gpu.example.com/unhealthy"',
    });
  }
  if (!TOLERATION_OPERATORS.includes(String(operator))) {
    problems.push({
      message: `${at}.operator ${JSON.stringify(operator)} is not one of ${TOLERATION_OPERATORS.join(', ')}`,
      fix: 'tolerate a taint of a value (Equal) or of any value (Exists)',
    });
  } else if (operator === 'Exists' && value !== '') {
    problems.push({
      message: `${at} has operator Exists and the value ${JSON.stringify(value)}, which the API server refuses (must be empty for operator \`Exists\`)`,
      fix: 'remove `value`, or use operator Equal to match it',
    });
  } else if (operator === 'Equal' && !(typeof value === 'string' && isLabelValue(value))) {
    problems.push({
      message: `${at}.value ${JSON.stringify(value)} is not a label value (at most 63 letters, digits, "-", "_" or ".", a letter or digit at each end), which the API server refuses`,
      fix: "write the device taint's value",
    });
  }
  if (effect !== '' && !DEVICE_TAINT_EFFECTS.includes(String(effect))) {
    problems.push({
      message: `${at}.effect ${JSON.stringify(effect)} is not one of ${DEVICE_TAINT_EFFECTS.join(', ')}`,
      fix: 'tolerate NoSchedule or NoExecute taints, or leave effect out to tolerate all',
    });
  }
  return problems;
}

function requestNameProblems(at: string, name: unknown): Problem[] {
  return isDnsLabel(name)
    ? []
    : [
        {
          message: `${at}.name ${JSON.stringify(name ?? '')} is not a DNS-1123 label`,
          fix: 'name the request in lower-case letters, digits and "-", e.g. "gpu"',
        },
      ];
}

/** Each name once: a request's names, a request's firstAvailable names, a reference list. */
function duplicateProblems(at: string, names: unknown[], what: string): Problem[] {
  return names.flatMap((name, index) =>
    typeof name === 'string' && names.indexOf(name) !== index
      ? [
          {
            message: `${at}[${index}] repeats the ${what} ${JSON.stringify(name)} of ${at}[${names.indexOf(name)}], which the API server refuses (Duplicate value)`,
            fix: `give each ${what} once`,
          },
        ]
      : [],
  );
}

/** The names a config or constraint may refer to: each request, and "<request>/<sub-request>" of firstAvailable. */
function requestReferences(requests: Json[]): Set<string> {
  const names = new Set<string>();
  for (const request of requests) {
    names.add(String(request?.name));
    for (const alternative of list(request?.firstAvailable)) {
      names.add(`${String(request?.name)}/${String(alternative?.name)}`);
    }
  }
  return names;
}

function referenceProblems(at: string, references: unknown, known: Set<string>): Problem[] {
  const names = list(references);
  return [
    ...names.flatMap((name, index) =>
      typeof name === 'string' && known.has(name)
        ? []
        : [
            {
              message: `${at}[${index}] ${JSON.stringify(name)} names no request of the claim (a request's name, or "<request>/<sub-request>" of its firstAvailable)`,
              fix: `name one of ${[...known].map((known) => JSON.stringify(known)).join(', ') || 'the requests'}, or leave requests out to apply to all`,
            },
          ],
    ),
    ...duplicateProblems(at, names, 'request'),
  ];
}

/** An opaque configuration for a driver (a claim's or a class's config): a driver name and a JSON object. */
function configProblems(at: string, configs: unknown, known?: Set<string>): Problem[] {
  return list(configs).flatMap((config, index) => {
    const where = `${at}[${index}]`;
    const problems = known === undefined ? [] : referenceProblems(`${where}.requests`, config?.requests, known);
    const opaque = config?.opaque;
    if (opaque === undefined || opaque === null) {
      return [
        ...problems,
        {
          message: `${where}.opaque is missing, which the API server requires of a device configuration`,
          fix: 'give the driver\'s configuration as opaque: { driver: "gpu.example.com", parameters: {...} }',
        },
      ];
    }
    problems.push(...driverNameProblems(`${where}.opaque.driver`, opaque.driver));
    const parameters: unknown = opaque.parameters;
    if (
      parameters !== undefined &&
      (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters))
    ) {
      problems.push({
        message: `${where}.opaque.parameters is ${Array.isArray(parameters) ? 'an array' : JSON.stringify(parameters)}, which the API server refuses (must be a valid JSON object)`,
        fix: 'give the parameters as an object, e.g. { apiVersion: "gpu.example.com/v1", kind: "GpuConfig", ... }',
      });
    }
    return problems;
  });
}

/** A C identifier of at most 32 characters, as a device attribute's name (resource's validateCIdentifier). */
const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;

/** Why a constraint's attribute is no fully qualified name (a DNS subdomain of at most 63 and a C identifier). */
function attributeNameProblem(name: unknown): string | undefined {
  const parts = typeof name === 'string' ? name.split('/') : [];
  if (parts.length !== 2) {
    return 'is not <domain>/<identifier>';
  }
  const [domain, id] = parts;
  if (domain.length > 63 || !isDnsSubdomain(domain)) {
    return `has the domain ${JSON.stringify(domain)}, which is not a DNS-1123 subdomain of at most 63 characters`;
  }
  return C_IDENTIFIER.test(id)
    ? undefined
    : `has the name ${JSON.stringify(id)}, which is not a C identifier of at most 32 characters (a letter or "_", then letters, digits or "_")`;
}

function constraintProblems(at: string, constraints: unknown, known: Set<string>): Problem[] {
  return list(constraints).flatMap((constraint, index) => {
    const where = `${at}[${index}]`;
    const problems = referenceProblems(`${where}.requests`, constraint?.requests, known);
    // The API server judges matchAttribute when it is given, else distinctAttribute, and needs one: both are taken.
    const given = (['matchAttribute', 'distinctAttribute'] as const).filter(
      (field) => constraint?.[field] !== undefined && constraint?.[field] !== null,
    );
    if (given.length === 0) {
      problems.push({
        message: `${where} has neither matchAttribute nor distinctAttribute, which the API server refuses (one is required)`,
        fix: 'give one attribute the devices share (matchAttribute) or differ in (distinctAttribute), e.g. matchAttribute: "gpu.example.com/numa"',
      });
      return problems;
    }
    const reason = attributeNameProblem(constraint[given[0]]);
    if (reason !== undefined) {
      problems.push({
        message: `${where}.${given[0]} ${JSON.stringify(constraint[given[0]])} ${reason}, which the API server refuses`,
        fix: 'name a device attribute with its driver\'s domain, e.g. "gpu.example.com/numa"',
      });
    }
    return problems;
  });
}

function claimSpecProblems(at: string, spec: Json, release: string): Problem[] {
  const requests = list(spec?.devices?.requests);
  const known = requestReferences(requests);
  return [
    ...requests.flatMap((request, index) => {
      const where = `${at}.devices.requests[${index}]`;
      const problems = requestNameProblems(where, request?.name);
      const alternatives = list(request?.firstAvailable);
      const exact = request?.exactly !== undefined;
      if (exact === alternatives.length > 0) {
        problems.push({
          message: `${where} has ${exact ? 'both exactly and firstAvailable' : 'neither exactly nor firstAvailable'}; it needs exactly one`,
          fix: 'ask for devices with exactly, or list alternatives in firstAvailable',
        });
      } else if (exact) {
        problems.push(...exactProblems(`${where}.exactly`, request.exactly, release));
      } else {
        alternatives.forEach((alternative, position) => {
          const item = `${where}.firstAvailable[${position}]`;
          problems.push(...requestNameProblems(item, alternative?.name), ...exactProblems(item, alternative, release));
        });
        problems.push(
          ...duplicateProblems(
            `${where}.firstAvailable`,
            alternatives.map((alternative) => alternative?.name),
            'sub-request name',
          ),
        );
      }
      return problems;
    }),
    ...duplicateProblems(
      `${at}.devices.requests`,
      requests.map((request) => request?.name),
      'request name',
    ),
    ...constraintProblems(`${at}.devices.constraints`, spec?.devices?.constraints, known),
    ...configProblems(`${at}.devices.config`, spec?.devices?.config, known),
  ];
}

/** A DeviceClass's extendedResourceName: an extended resource name, as a pod requests one (IsExtendedResourceName). */
function extendedResourceProblems(name: unknown): Problem[] {
  return name === undefined || name === null || (typeof name === 'string' && isExtendedResourceName(name))
    ? []
    : [
        {
          message: `spec.extendedResourceName ${JSON.stringify(name)} is not an extended resource name (a domain outside kubernetes.io, "/", and a name; "requests.<name>" a qualified name), which the API server refuses`,
          fix: 'name the resource pods request, with your domain, e.g. "example.com/gpu"',
        },
      ];
}

/**
 * What the API server refuses of dynamic resource allocation's claims and classes (resource's validation, 1.37):
 * request names, one of exactly and firstAvailable, a device class name, the allocation mode and count, and device
 * selectors whose CEL does not compile to a bool over `device`.
 */
export const deviceRequestSpec: Rule = {
  id: 'device-request-spec',
  description:
    "a ResourceClaim or ResourceClaimTemplate request whose name is not a DNS-1123 label or repeats, with both or neither of exactly and firstAvailable, without a deviceClassName that is a DNS-1123 subdomain, of an unknown allocationMode, a count beside All or below 0; a constraint or config that names no request, a constraint of not exactly one attribute or one that is no <domain>/<identifier>; a config (also a DeviceClass's) without opaque, of a driver that is no CSI driver name or parameters that are no object; a device selector (also a DeviceClass's) without cel or whose expression does not compile to a bool over device; a DeviceClass's extendedResourceName that is no extended resource name",
  kinds: ['ResourceClaim', 'ResourceClaimTemplate', 'DeviceClass'],
  check(object, context) {
    const manifest = object.manifest as Json;
    const release = context.kubernetesVersion;
    switch (manifest.kind) {
      case 'DeviceClass':
        return [
          ...selectorProblems('spec.selectors', manifest.spec?.selectors, release),
          ...configProblems('spec.config', manifest.spec?.config),
          ...extendedResourceProblems(manifest.spec?.extendedResourceName),
        ];
      case 'ResourceClaim':
        return claimSpecProblems('spec', manifest.spec, release);
      default:
        return claimSpecProblems('spec.spec', manifest.spec?.spec, release);
    }
  },
};

export const DEVICE_CLAIM_RULES: readonly Rule[] = [deviceRequestSpec];
