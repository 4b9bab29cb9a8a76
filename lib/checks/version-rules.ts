import { compareReleases } from '../config/kubernetes-version';
import { POD_SECURITY_LABEL_PREFIX } from '../constructs/namespace';
import { groupOf } from '../kinds/kinds';
import { API_VERSIONS, ApiVersionLifecycle, isServed, lifecycleOf, servedAlternatives } from './api-versions';
import { Problem } from './finding';
import { POD_SECURITY_VERSION } from './namespace-rules';
import { servesKind } from './schema-rules';
import { CheckContext, Rule } from './rule';

const MIGRATION_GUIDE = 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/';

/** `Kubernetes 1.27 (kubernetesVersion of environment dev)`. */
function target(context: CheckContext): string {
  return `Kubernetes ${context.kubernetesVersion} (kubernetesVersion of environment ${context.environment})`;
}

/** `, use batch/v1 CronJob`, or what to use when no API replaces the row's, or nothing. */
function use(row: ApiVersionLifecycle): string {
  const instead = row.replacement ?? row.instead;
  return instead === undefined ? '' : `, use ${instead}`;
}

/** Whether the release serves an apiVersion and kind, by the table (what the table does not list is served). */
function served(apiVersion: string, kind: string, release: string): boolean {
  const row = lifecycleOf(apiVersion, kind);
  return row === undefined || (isServed(row, release) && row.offByDefault !== true);
}

/** How to move an object off the row's apiVersion, to one the environment's release serves. */
function migration(row: ApiVersionLifecycle, context: CheckContext): string {
  const release = context.kubernetesVersion;
  if (row.replacement === undefined) {
    return row.instead === undefined
      ? `no API replaces ${row.apiVersion} ${row.kind} yet; leave the object out${row.removed === undefined ? '' : ` before ${row.removed}`}`
      : `use ${row.instead}, and leave the object out`;
  }
  const [apiVersion, kind] = row.replacement.split(' ');
  const write = kind === row.kind ? `apiVersion: ${apiVersion}` : `apiVersion: ${apiVersion} and kind: ${kind}`;
  if (served(apiVersion, kind, release)) {
    return `write ${write} and migrate the fields that changed (${MIGRATION_GUIDE})`;
  }
  const alternative = servedAlternatives(row.apiVersion, row.kind, release)[0];
  const later = `${apiVersion} from ${lifecycleOf(apiVersion, kind)?.introduced ?? 'a later release'} on`;
  return alternative === undefined
    ? `raise kubernetesVersion of environment ${context.environment} (lib/config/environments.ts) to a release that serves ${later}, once its cluster runs it`
    : `write apiVersion: ${alternative}, which ${release} serves (${later}), and migrate the fields that changed (${MIGRATION_GUIDE})`;
}

/** An alpha version: `v1alpha1`, at the end of an apiVersion. */
const ALPHA_VERSION = /(^|\/)v[0-9]+alpha[0-9]+$/;

/**
 * An alpha apiVersion of a kind of Kubernetes itself (one the release's schema has: a custom resource's passes, and a
 * kind the release has in no such version is the schema check's), which the table does not list: the API server
 * serves it only when a feature gate and `--runtime-config` turn it on, which no cluster does by default (both API
 * servers here refuse admissionregistration.k8s.io/v1alpha1 on 1.27).
 */
function alphaProblems(apiVersion: string, kind: string, context: CheckContext): Problem[] {
  const group = groupOf(apiVersion);
  const release = context.kubernetesVersion;
  if (!ALPHA_VERSION.test(apiVersion) || !servesKind(release, apiVersion, kind)) {
    return [];
  }
  const alternative = servedAlternatives(apiVersion, kind, release)[0];
  const later = API_VERSIONS.find(
    (row) =>
      row.kind === kind &&
      groupOf(row.apiVersion) === group &&
      row.offByDefault !== true &&
      row.introduced !== undefined &&
      compareReleases(release, row.introduced) < 0,
  );
  const leave = 'leave the object out (an alpha API may change in any release)';
  return [
    {
      message:
        `apiVersion ${apiVersion} of ${kind} is an alpha API, which ${target(context)} serves only when its API ` +
        `server turns on its feature gate and --runtime-config=${apiVersion}=true (alpha APIs are off by default)`,
      fix:
        alternative !== undefined
          ? `write apiVersion: ${alternative}, which ${release} serves`
          : later === undefined
            ? leave
            : `${leave}, or raise kubernetesVersion of environment ${context.environment} to ${later.introduced} or ` +
              `later (lib/config/environments.ts), which serves ${later.apiVersion}, once its cluster runs it`,
    },
  ];
}

/**
 * The apiVersion of every object (from a construct, an escape hatch or a raw ApiObject) against what the environment's
 * Kubernetes release serves, by lib/checks/api-versions.json: one it no longer serves, or does not serve yet, or an
 * alpha version of a built-in group the table does not list, is a finding; one it deprecated, or serves only when the
 * API server turns it on, a warning.
 */
export const apiVersionRule: Rule = {
  id: 'api-version',
  description:
    "the environment's Kubernetes version serves the object's apiVersion by default (an alpha one of a built-in group it does not; deprecated ones are warnings)",
  check(object, context) {
    const { apiVersion, kind } = object.manifest;
    const row = lifecycleOf(String(apiVersion), String(kind));
    if (row === undefined) {
      return alphaProblems(String(apiVersion), String(kind), context);
    }
    const release = context.kubernetesVersion;
    const subject = `apiVersion ${row.apiVersion} of ${row.kind}`;
    if (row.removed !== undefined && compareReleases(row.removed, release) <= 0) {
      return [
        {
          message: `${subject} is not served by ${target(context)}: removed in ${row.removed}${use(row)}`,
          fix: migration(row, context),
        },
      ];
    }
    if (row.introduced !== undefined && compareReleases(release, row.introduced) < 0) {
      const alternative = servedAlternatives(row.apiVersion, row.kind, release)[0];
      const raise = `raise kubernetesVersion of environment ${context.environment} to ${row.introduced} or later (lib/config/environments.ts) once its cluster runs it`;
      return [
        {
          message: `${subject} is not served by ${target(context)}: it is served from ${row.introduced} on`,
          fix:
            alternative === undefined
              ? raise
              : `write apiVersion: ${alternative}, which ${release} serves, or ${raise}`,
        },
      ];
    }
    const warnings: Problem[] = [];
    if (row.deprecated !== undefined && compareReleases(row.deprecated, release) <= 0) {
      const removal = row.removed === undefined ? '' : ` and removed in ${row.removed}`;
      warnings.push({
        message: `${subject} is deprecated in ${target(context)}: deprecated since ${row.deprecated}${removal}${use(row)}`,
        fix: migration(row, context),
        warning: true,
      });
    }
    if (row.offByDefault === true) {
      const replacement = row.replacement?.split(' ');
      warnings.push({
        message:
          `${subject} is a beta API that ${target(context)} serves only when the API server turns it on ` +
          `(--runtime-config=${row.apiVersion}=true); beta APIs introduced since 1.24 are off by default`,
        fix:
          replacement !== undefined && served(replacement[0], replacement[1], release)
            ? `write apiVersion: ${replacement[0]}, which ${release} serves by default`
            : `turn it on in the cluster's API server (--runtime-config=${row.apiVersion}=true), or leave the object out`,
        warning: true,
      });
    }
    return warnings;
  },
};

/**
 * The Pod Security version labels of every Namespace pin the policy to the environment's Kubernetes release, so the
 * same manifests are admitted the same way before and after the cluster is upgraded: `enforce-version` must be
 * `v<kubernetesVersion>` wherever `enforce` is set, and `audit-version` and `warn-version`, when set, too (left out,
 * they follow the cluster's release, so that an upgraded cluster warns of what its newer policy would refuse before
 * the environment moves to it).
 */
/** Each Pod Security mode with its version label. */
const VERSION_LABELS: readonly (readonly [string, string])[] = ['enforce', 'audit', 'warn'].map((mode) => [
  mode,
  `${POD_SECURITY_LABEL_PREFIX}${mode}-version`,
]);

export const podSecurityVersionRule: Rule = {
  id: 'pod-security-version',
  description: "a Namespace's Pod Security version labels are the environment's Kubernetes version, not latest",
  // The project's policy, not the API server's: it takes any version, latest and none (the usual Namespace of a
  // third-party manifest sets `enforce` alone), so an exemption with a reason may set it aside.
  exemptible: true,
  kinds: ['Namespace'],
  check(object, context) {
    const labels = (object.manifest.metadata.labels ?? {}) as Record<string, unknown>;
    const expected = `v${context.kubernetesVersion}`;
    const problems: Problem[] = [];
    for (const [mode, label] of VERSION_LABELS) {
      const value = labels[label];
      if (value === expected) {
        continue;
      }
      const fix = `set the label ${label} to "${expected}" (the Namespace construct sets it from the environment)`;
      if (value === undefined) {
        const level = labels[`${POD_SECURITY_LABEL_PREFIX}${mode}`];
        if (mode === 'enforce' && level !== undefined) {
          problems.push({
            message:
              `${label} is not set, so the API server enforces the ${JSON.stringify(level)} profile of whatever ` +
              `release it runs ("latest"), not that of ${target(context)}`,
            fix,
          });
        }
      } else if (value === 'latest') {
        problems.push({
          message: `${label} is "latest", the profile of whatever release the cluster runs, not that of ${target(context)}`,
          fix,
        });
      } else if (typeof value === 'string' && POD_SECURITY_VERSION.test(value)) {
        // A value that is no version is pod-security-labels' finding: the API server refuses the Namespace.
        problems.push({
          message: `${label} is ${JSON.stringify(value)}, but the environment's cluster runs ${target(context)}`,
          fix,
        });
      }
    }
    return problems;
  },
};

export const VERSION_RULES: readonly Rule[] = [apiVersionRule, podSecurityVersionRule];
