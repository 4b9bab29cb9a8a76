import { releaseAtLeast } from '../config/kubernetes-version';
import { Problem } from './finding';
import { namespaceOf } from './object-index';
import { Rule } from './rule';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The label a namespace must carry, with the value "true", for claims in it to ask for admin access to devices. */
export const ADMIN_ACCESS_LABEL = 'resource.kubernetes.io/admin-access';
/**
 * The first release whose API server refuses adminAccess outside a namespace of ADMIN_ACCESS_LABEL: DRAAdminAccess is
 * beta, on by default, from 1.34 (before, alpha and off, the server drops the field). Seen refused on 1.37.
 */
export const ADMIN_ACCESS_LABEL_SINCE = '1.34';

/** The paths of the requests (`exactly` of v1, or the request itself of v1beta1) that ask for admin access. */
function adminAccessPaths(at: string, spec: Json): string[] {
  const requests: unknown = spec?.devices?.requests;
  return (Array.isArray(requests) ? requests : []).flatMap((request: Json, index) => {
    const where = `${at}.devices.requests[${index}]`;
    if (request?.exactly?.adminAccess === true) {
      return [`${where}.exactly.adminAccess`];
    }
    return request?.adminAccess === true ? [`${where}.adminAccess`] : [];
  });
}

/**
 * A ResourceClaim or ResourceClaimTemplate that asks for admin access to devices (in use by others, with more
 * permissions) in a namespace without ADMIN_ACCESS_LABEL "true": the API server refuses it at creation ("admin access
 * to devices requires the `resource.kubernetes.io/admin-access: true` label on the containing namespace"). The gate sees
 * the labels of the Namespaces the project makes; of one it does not make, it warns.
 */
export const deviceAdminAccess: Rule = {
  id: 'device-admin-access',
  description: `a ResourceClaim or ResourceClaimTemplate asks for adminAccess only in a namespace labelled ${ADMIN_ACCESS_LABEL}: "true" (from ${ADMIN_ACCESS_LABEL_SINCE})`,
  kinds: ['ResourceClaim', 'ResourceClaimTemplate'],
  check(object, context) {
    if (!releaseAtLeast(context.kubernetesVersion, ADMIN_ACCESS_LABEL_SINCE)) {
      return [];
    }
    const { kind, spec } = object.manifest as Json;
    const paths = kind === 'ResourceClaim' ? adminAccessPaths('spec', spec) : adminAccessPaths('spec.spec', spec?.spec);
    if (paths.length === 0) {
      return [];
    }
    const name = namespaceOf(object);
    const namespace = context.index.get('Namespace', undefined, name);
    const fix = `label the namespace ${ADMIN_ACCESS_LABEL}: "true" (the cluster's administrators' namespace for device debugging), or leave adminAccess out`;
    if (namespace === undefined) {
      return paths.map((path): Problem => ({
        warning: true,
        message: `${path} is true in namespace "${name}", which the project does not make: the API server refuses the ${kind} unless that namespace carries the label ${ADMIN_ACCESS_LABEL}: "true"`,
        fix,
      }));
    }
    const labels = (namespace.manifest.metadata as Json).labels ?? {};
    if (labels[ADMIN_ACCESS_LABEL] === 'true') {
      return [];
    }
    return paths.map((path) => ({
      message: `${path} is true, and namespace "${name}" does not carry the label ${ADMIN_ACCESS_LABEL}: "true"; the API server refuses the ${kind} ("admin access to devices requires the label on the containing namespace")`,
      fix,
    }));
  },
};

export const DEVICE_ADMIN_ACCESS_RULES: readonly Rule[] = [deviceAdminAccess];
