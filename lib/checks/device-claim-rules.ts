import { isDnsLabel, isDnsSubdomain } from '../constructs/validation';
import { DEVICE, compileExpression, expressionProblems } from './admission-cel';
import { Problem } from './finding';
import { Rule } from './rule';

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

function claimSpecProblems(at: string, spec: Json, release: string): Problem[] {
  return list(spec?.devices?.requests).flatMap((request, index) => {
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
    }
    return problems;
  });
}

/**
 * What the API server refuses of dynamic resource allocation's claims and classes (resource's validation, 1.37):
 * request names, one of exactly and firstAvailable, a device class name, the allocation mode and count, and device
 * selectors whose CEL does not compile to a bool over `device`.
 */
export const deviceRequestSpec: Rule = {
  id: 'device-request-spec',
  description:
    "a ResourceClaim or ResourceClaimTemplate request whose name is not a DNS-1123 label, with both or neither of exactly and firstAvailable, without a deviceClassName that is a DNS-1123 subdomain, of an unknown allocationMode, a count beside All or below 0; a device selector (also a DeviceClass's) without cel or whose expression does not compile to a bool over device",
  kinds: ['ResourceClaim', 'ResourceClaimTemplate', 'DeviceClass'],
  check(object, context) {
    const manifest = object.manifest as Json;
    const release = context.kubernetesVersion;
    switch (manifest.kind) {
      case 'DeviceClass':
        return selectorProblems('spec.selectors', manifest.spec?.selectors, release);
      case 'ResourceClaim':
        return claimSpecProblems('spec', manifest.spec, release);
      default:
        return claimSpecProblems('spec.spec', manifest.spec?.spec, release);
    }
  },
};

export const DEVICE_CLAIM_RULES: readonly Rule[] = [deviceRequestSpec];
