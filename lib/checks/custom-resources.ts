import { groupOf, kindInfo } from '../kinds/kinds';
import { RenderedObject } from '../writer/render';
import { lifecycleOf } from './api-versions';
import { StructuralSchema, customResourceProblems } from './crd-schema';
import { Problem } from './finding';
import { ObjectIndex } from './object-index';
import { CheckContext, Rule } from './rule';
import { closestName, servesGroup } from './schema-rules';

/** One served version of a CustomResourceDefinition the project makes. */
interface DefinedVersion {
  readonly name: string;
  readonly served: boolean;
  readonly schema?: StructuralSchema;
}

/** What a CustomResourceDefinition of the project defines: a kind of a group, in versions. */
interface Definition {
  readonly name: string;
  readonly group: string;
  readonly kind: string;
  readonly versions: readonly DefinedVersion[];
}

/** The definitions of each environment's objects, read once per runChecks (its index). */
const DEFINITIONS = new WeakMap<ObjectIndex, readonly Definition[]>();

function definitionsOf(index: ObjectIndex): readonly Definition[] {
  let definitions = DEFINITIONS.get(index);
  if (definitions === undefined) {
    definitions = index.ofKind('CustomResourceDefinition', undefined).flatMap((object) => {
      const spec = object.manifest.spec as
        { group?: unknown; names?: { kind?: unknown }; versions?: unknown } | undefined;
      if (typeof spec?.group !== 'string' || typeof spec.names?.kind !== 'string' || !Array.isArray(spec.versions)) {
        return [];
      }
      const versions = (spec.versions as { name?: unknown; served?: unknown; schema?: { openAPIV3Schema?: unknown } }[])
        .filter((version) => typeof version?.name === 'string')
        .map((version) => ({
          name: version.name as string,
          served: version.served === true,
          schema: version.schema?.openAPIV3Schema as StructuralSchema | undefined,
        }));
      return [{ name: String(object.manifest.metadata.name), group: spec.group, kind: spec.names.kind, versions }];
    });
    DEFINITIONS.set(index, definitions);
  }
  return definitions;
}

/** Whether the apiVersion and kind are Kubernetes' own (served, or known to the api-version check), not custom. */
function isBuiltIn(apiVersion: string, kind: string, context: CheckContext): boolean {
  return (
    kind === 'List' ||
    servesGroup(context.kubernetesVersion, groupOf(apiVersion)) ||
    lifecycleOf(apiVersion, kind) !== undefined
  );
}

/** The `external.customResources` entry of an apiVersion and kind: `monitoring.coreos.com/v1 ServiceMonitor`. */
function customResourceEntry(apiVersion: string, kind: string): string {
  return `${apiVersion} ${kind}`;
}

/**
 * A custom resource (an object of an API group Kubernetes does not serve) that no API of the cluster serves: its kind
 * and version are neither defined by a CustomResourceDefinition of the project, nor declared in the environment's
 * `external.customResources` as installed in the cluster (by an operator, say), nor a kind the project knows the
 * cluster has (lib/kinds/kinds.json: the SealedSecret). `kubectl apply` refuses it: `no matches for kind`.
 */
export const customResourceKind: Rule = {
  id: 'custom-resource-kind',
  description:
    'a custom resource whose kind and version a CustomResourceDefinition of the project defines and serves, or the environment declares in external.customResources',
  check(object, context) {
    const { apiVersion, kind } = object.manifest;
    if (isBuiltIn(apiVersion, kind, context)) {
      return [];
    }
    const entry = customResourceEntry(apiVersion, kind);
    if (context.external.customResources.includes(entry) || kindInfo(kind)?.apiVersions.includes(apiVersion)) {
      return [];
    }
    const group = groupOf(apiVersion);
    const version = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
    const definitions = definitionsOf(context.index);
    const definition = definitions.find((candidate) => candidate.group === group && candidate.kind === kind);
    if (definition !== undefined) {
      const served = definition.versions.filter((candidate) => candidate.served).map((candidate) => candidate.name);
      return served.includes(version)
        ? []
        : [
            {
              message: `CustomResourceDefinition ${definition.name} does not serve version ${version} of ${kind}; it serves ${served.join(', ') || 'none'}, so kubectl apply refuses the object (no matches for kind "${kind}" in version "${apiVersion}")`,
              fix:
                served.length === 0
                  ? `set served: true on the version of CustomResourceDefinition ${definition.name} the object is written in`
                  : `write apiVersion: ${group}/${served[served.length - 1]}, or serve ${version} in the CustomResourceDefinition`,
            },
          ];
    }
    return [unservedProblem(apiVersion, kind, group, definitions)];
  },
};

function unservedProblem(apiVersion: string, kind: string, group: string, definitions: readonly Definition[]): Problem {
  const message = `no API of the cluster serves ${kind} in version ${apiVersion}: the project defines no CustomResourceDefinition of it and the environment's external.customResources does not declare it, so kubectl apply refuses the object (no matches for kind "${kind}" in version "${apiVersion}")`;
  if (!group.includes('.')) {
    // A CustomResourceDefinition's group has a dot: this is a misspelt built-in group.
    return {
      message: `${message}; Kubernetes has no API group "${group}"`,
      fix: `write the apiVersion of the built-in kind (kubectl api-resources lists them), e.g. apps/v1 for a Deployment`,
    };
  }
  const sameKind = definitions.filter((definition) => definition.kind === kind).map((definition) => definition.group);
  const likeKind = closestName(
    kind,
    definitions.filter((definition) => definition.group === group).map((definition) => definition.kind),
  );
  if (sameKind.length > 0) {
    return { message, fix: `write the group the project's CustomResourceDefinition defines: ${sameKind.join(' or ')}` };
  }
  if (likeKind !== undefined) {
    return { message: `${message}; did you mean ${likeKind}?`, fix: `write kind: ${likeKind}` };
  }
  return {
    message,
    fix: `if the cluster has its CustomResourceDefinition (installed with its operator), declare it in the environment's external.customResources (e.g. ['${customResourceEntry(apiVersion, kind)}']); else add its CustomResourceDefinition to the project`,
  };
}

/** The schema of the version of its CustomResourceDefinition in the project the object is written in, if any. */
function definedSchema(
  object: RenderedObject,
  context: CheckContext,
): { readonly schema: StructuralSchema; readonly source: string } | undefined {
  const { apiVersion, kind } = object.manifest;
  const group = groupOf(apiVersion);
  const version = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
  if (!group.includes('.')) {
    return undefined;
  }
  const definition = definitionsOf(context.index).find(
    (candidate) => candidate.group === group && candidate.kind === kind,
  );
  const defined = definition?.versions.find((candidate) => candidate.name === version && candidate.served);
  return defined?.schema === undefined || isBuiltIn(apiVersion, kind, context)
    ? undefined
    : { schema: defined.schema, source: `CustomResourceDefinition ${definition!.name} (${version})` };
}

/**
 * A custom resource that the schema of its CustomResourceDefinition in the project refuses, as the API server
 * validates it (lib/checks/crd-schema.ts): the schema rule's work, for the kinds the project defines.
 */
export const customResourceSchema: Rule = {
  id: 'custom-resource-schema',
  description:
    "a custom resource of a CustomResourceDefinition the project makes, against that definition's schema: known fields, types, required fields, enums, bounds, lengths, patterns, counts, formats, allOf/anyOf/oneOf/not, CEL rules",
  check(object, context) {
    const defined = definedSchema(object, context);
    return defined === undefined
      ? []
      : customResourceProblems(object.manifest, defined.schema, defined.source, context.kubernetesVersion);
  },
};

/**
 * The first `kubectl apply -f dist/<env>/` of an environment that makes a CustomResourceDefinition and objects of its
 * kind creates the definition and refuses the objects ("ensure CRDs are installed first"): kubectl looks the kind up
 * before the definition exists. A warning: a second apply, or a GitOps engine (which applies definitions first),
 * gets them in.
 */
export const customResourceOrder: Rule = {
  id: 'custom-resource-order',
  description:
    'a CustomResourceDefinition made in the same environment as objects of its kind, which a first kubectl apply -f refuses',
  kinds: ['CustomResourceDefinition'],
  check(object, context) {
    const definition = definitionsOf(context.index).find(
      (candidate) => candidate.name === String(object.manifest.metadata.name),
    );
    if (definition === undefined) {
      return [];
    }
    const users = context.index.objects.filter(
      (candidate) =>
        candidate.manifest.kind === definition.kind && groupOf(candidate.manifest.apiVersion) === definition.group,
    );
    if (users.length === 0) {
      return [];
    }
    return [
      {
        warning: true,
        message: `the environment makes this CustomResourceDefinition and ${users.length} ${definition.kind} object${users.length === 1 ? '' : 's'} of it: the first kubectl apply -f of the environment creates the definition and refuses ${users.length === 1 ? 'the object' : 'them'} ("ensure CRDs are installed first")`,
        fix: 'apply with npm run apply -- --env <env>, which applies the definitions first and waits until they are established; with kubectl apply -f dist/<env>/, apply twice on a new cluster (again once the definition is established), or install the definition with the cluster and declare it in external.customResources',
      },
    ];
  },
};

export const CUSTOM_RESOURCE_RULES: readonly Rule[] = [customResourceKind, customResourceSchema, customResourceOrder];
