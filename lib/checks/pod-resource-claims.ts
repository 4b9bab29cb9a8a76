import { compareReleases } from '../config/kubernetes-version';
import { isDnsLabel, isDnsSubdomain } from '../constructs/validation';
import { Problem } from './finding';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * The first release whose API server reads a pod's resourceClaims and its containers' resources.claims
 * (DynamicResourceAllocation on by default); before it the fields are dropped on create (1.27 serves them in another
 * shape, which the schema check refuses).
 */
export const POD_RESOURCE_CLAIMS_SINCE = '1.34';

const SOURCES = ['resourceClaimName', 'resourceClaimTemplateName'];

function podClaimProblems(claim: Json, index: number, release: string): Problem[] {
  const where = `resourceClaims[${index}]`;
  const problems: Problem[] = [];
  if (!isDnsLabel(claim?.name)) {
    problems.push({
      message: `${where}.name ${JSON.stringify(claim?.name ?? null)} is not a DNS-1123 label (at most 63 lower-case letters, digits or "-"), which Kubernetes ${release} refuses`,
      fix: 'rename the claim (and the resources.claims that name it)',
    });
  }
  const sources = SOURCES.filter((source) => claim?.[source] !== undefined && claim?.[source] !== null);
  if (sources.length !== 1) {
    problems.push({
      message: `${where} (${JSON.stringify(claim?.name ?? null)}) has ${sources.length === 0 ? 'neither resourceClaimName nor resourceClaimTemplateName' : 'both resourceClaimName and resourceClaimTemplateName'}; Kubernetes ${release} takes exactly one`,
      fix: 'name an existing ResourceClaim (resourceClaimName) or a ResourceClaimTemplate to make one per pod (resourceClaimTemplateName)',
    });
  }
  for (const source of sources) {
    if (!isDnsSubdomain(claim[source])) {
      problems.push({
        message: `${where}.${source} ${JSON.stringify(claim[source])} is not a DNS-1123 subdomain, which Kubernetes ${release} refuses`,
        fix: `name the ${source === 'resourceClaimName' ? 'ResourceClaim' : 'ResourceClaimTemplate'} as it is named`,
      });
    }
  }
  return problems;
}

/**
 * A pod's resourceClaims (a DNS-1123 label, exactly one source) and its containers' resources.claims (each names a claim
 * of the pod, and a request of it as a DNS-1123 label), as the API server refuses them from POD_RESOURCE_CLAIMS_SINCE.
 */
export function podResourceClaimProblems(pod: Json, containers: readonly Json[], release: string): Problem[] {
  if (compareReleases(release, POD_RESOURCE_CLAIMS_SINCE) < 0) {
    return [];
  }
  const claims = (pod.resourceClaims ?? []) as Json[];
  const names = new Set(claims.map((claim) => claim?.name));
  return [
    ...claims.flatMap((claim, index) => podClaimProblems(claim, index, release)),
    ...containers.flatMap((container) =>
      ((container?.resources?.claims ?? []) as Json[]).flatMap((claim, index): Problem[] => {
        const where = `resources.claims[${index}] of container "${container.name}"`;
        const problems: Problem[] = [];
        if (!names.has(claim?.name)) {
          problems.push({
            message: `${where} names claim ${JSON.stringify(claim?.name ?? null)}, which is not among the pod's resourceClaims (${claims.length === 0 ? 'none' : [...names].map((name) => JSON.stringify(name)).join(', ')})`,
            fix: "name a claim of the pod's resourceClaims, or add the claim there",
          });
        }
        if (
          claim?.request !== undefined &&
          claim?.request !== null &&
          claim.request !== '' &&
          !isDnsLabel(claim.request)
        ) {
          problems.push({
            message: `${where} names request ${JSON.stringify(claim.request)}, which is not a DNS-1123 label, as Kubernetes ${release} requires`,
            fix: 'name a request of the ResourceClaim as it is named there',
          });
        }
        return problems;
      }),
    ),
  ];
}
