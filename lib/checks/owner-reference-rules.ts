import { Problem } from './finding';
import { Rule } from './rule';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The version of an apiVersion as the API server parses it ("apps/v1": "v1", "v1": "v1"), or "" when it has none. */
function versionOf(apiVersion: string): string {
  const parts = apiVersion.split('/');
  return parts.length === 1 ? apiVersion : parts.length === 2 ? parts[1]! : '';
}

/** What the API server refuses of one owner reference (apimachinery's validateOwnerReference). */
function referenceProblems(reference: Json, index: number): Problem[] {
  const where = `metadata.ownerReferences[${index}]`;
  const problems: Problem[] = [];
  const { apiVersion, kind, name, uid } = reference ?? {};
  const empty = (field: string, value: unknown, example: string): void => {
    if (typeof value === 'string' && (field === 'apiVersion' ? versionOf(value) : value) === '') {
      problems.push({
        message: `${where}.${field} ${JSON.stringify(value)} ${field === 'apiVersion' ? 'has no version' : 'is empty'}, which the API server refuses`,
        fix: `give the owner's ${field}, e.g. ${example}`,
      });
    }
  };
  empty('apiVersion', apiVersion, '"apps/v1"');
  empty('kind', kind, '"ReplicaSet"');
  empty('name', name, 'the name of the owning object');
  empty('uid', uid, "the owner's metadata.uid, which the API server gave it");
  if (apiVersion === 'v1' && kind === 'Event') {
    problems.push({
      message: `${where} names an Event as owner, which the API server refuses (an Event may not own objects)`,
      fix: 'name the object the Event is about as the owner, or remove the reference',
    });
  }
  return problems;
}

/**
 * What the API servers refuse of an object's owner references (1.27 and 1.37 alike): an apiVersion without a version,
 * an empty kind, name or uid (a missing one is the schema rule's finding), a core Event as owner, and more than one
 * reference marked `controller: true`. A missing or empty uid is the usual mistake: an owner reference in git cannot
 * know its owner's uid, which the server assigns when it creates the owner.
 */
export const ownerReferences: Rule = {
  id: 'owner-references',
  description:
    'owner references have an apiVersion with a version, a kind, a name and a uid, name no Event, and at most one is the controller',
  check(object) {
    const references: unknown = object.manifest.metadata.ownerReferences;
    if (!Array.isArray(references)) {
      return []; // not a list, or none: the schema rule's finding or nothing
    }
    const problems = references.flatMap((reference, index) => referenceProblems(reference, index));
    const controllers = references.filter((reference: Json) => reference?.controller === true);
    if (controllers.length > 1) {
      problems.push({
        message: `metadata.ownerReferences marks ${controllers.length} references controller: true (${controllers.map((reference: Json) => `${String(reference.kind)} ${String(reference.name)}`).join(', ')}); the API server takes one at most`,
        fix: 'keep controller: true on the one object that manages this one',
      });
    }
    return problems;
  },
};

export const OWNER_REFERENCE_RULES: readonly Rule[] = [ownerReferences];
