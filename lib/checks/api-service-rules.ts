import { isDnsSubdomain } from '../constructs/validation';
import { Problem } from './finding';
import { Rule } from './rule';
import { caBundleProblems } from './webhook-client-config';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A DNS-1035 label: an API version's syntax. */
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const MAX_GROUP_PRIORITY = 20000;
const MAX_VERSION_PRIORITY = 1000;

function isVersion(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && DNS_1035_LABEL.test(value);
}

function priorityProblem(field: string, value: unknown, max: number): Problem[] {
  return typeof value === 'number' && (value <= 0 || value > max)
    ? [
        {
          message: `spec.${field} ${value} is outside 1-${max}`,
          fix: `give a priority of 1 to ${max} (higher is preferred)`,
        },
      ]
    : [];
}

function apiServiceProblems(name: unknown, spec: Json): Problem[] {
  const problems: Problem[] = [];
  const group = typeof spec.group === 'string' ? spec.group : '';
  const version = typeof spec.version === 'string' ? spec.version : '';
  if (group === '' && version !== 'v1') {
    problems.push({
      message: 'spec.group is empty; only the core group’s v1 has none',
      fix: 'give the API group the service serves, e.g. "metrics.k8s.io"',
    });
  } else if (group !== '' && !isDnsSubdomain(group)) {
    problems.push({
      message: `spec.group ${JSON.stringify(group)} is not a DNS-1123 subdomain`,
      fix: 'give the API group, e.g. "metrics.k8s.io"',
    });
  }
  if (!isVersion(version)) {
    problems.push({
      message: `spec.version ${JSON.stringify(version)} is not a version (a DNS-1035 label: lower-case letters, digits and "-", a letter first)`,
      fix: 'give the API version, e.g. "v1beta1"',
    });
  }
  if (name !== `${version}.${group}`) {
    problems.push({
      message: `metadata.name ${JSON.stringify(name)} is not spec.version + "." + spec.group (${JSON.stringify(`${version}.${group}`)})`,
      fix: 'name the APIService <version>.<group>',
    });
  }
  problems.push(...priorityProblem('groupPriorityMinimum', spec.groupPriorityMinimum ?? 0, MAX_GROUP_PRIORITY));
  problems.push(...priorityProblem('versionPriority', spec.versionPriority ?? 0, MAX_VERSION_PRIORITY));
  const caBundle = typeof spec.caBundle === 'string' && spec.caBundle !== '';
  const service = spec.service;
  if (service === undefined) {
    if (caBundle || spec.insecureSkipTLSVerify === true) {
      problems.push({
        message: `spec.${caBundle ? 'caBundle' : 'insecureSkipTLSVerify'} is given for a local APIService (no service)`,
        fix: 'leave it out, or give the service that serves the API',
      });
    }
    return problems;
  }
  for (const field of ['namespace', 'name']) {
    if (typeof service?.[field] !== 'string' || service[field] === '') {
      problems.push({
        message: `spec.service.${field} is empty`,
        fix: `give the ${field} of the Service that serves the API`,
      });
    }
  }
  const port = service?.port;
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
    problems.push({
      message: `spec.service.port ${port} is outside 1-65535`,
      fix: 'give the Service port, or leave it out (443)',
    });
  }
  if (caBundle && spec.insecureSkipTLSVerify === true) {
    problems.push({
      message: 'spec.insecureSkipTLSVerify is true beside a caBundle',
      fix: 'verify the service with the caBundle, and leave insecureSkipTLSVerify out',
    });
  }
  problems.push(...caBundleProblems('spec.caBundle', spec.caBundle));
  return problems;
}

/**
 * What the API server refuses of an APIService (kube-aggregator's validation): a name other than `<version>.<group>`, a
 * group or version of the wrong syntax, priorities out of range, a service without namespace or name or of a port out
 * of range, a caBundle beside insecureSkipTLSVerify or on a local APIService.
 */
export const apiServiceSpec: Rule = {
  id: 'api-service-spec',
  description:
    'an APIService not named <version>.<group>, of a group that is not a DNS-1123 subdomain (empty only for v1), a version that is not a DNS-1035 label, a groupPriorityMinimum outside 1-20000 or versionPriority outside 1-1000, a service without namespace or name or of a port outside 1-65535, or a caBundle beside insecureSkipTLSVerify or without a service',
  kinds: ['APIService'],
  check(object) {
    const manifest = object.manifest as Json;
    return apiServiceProblems(manifest.metadata?.name, manifest.spec ?? {});
  },
};

export const API_SERVICE_RULES: readonly Rule[] = [apiServiceSpec];
