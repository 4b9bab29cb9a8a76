import { IConstruct } from 'constructs';

/**
 * The id, when no sibling in `scope` has it yet. cdk8s would refuse the clash too ("There is already a Construct
 * with name ..."), without saying which construct holds the id or what to do: our constructs take the id as the
 * object's name by default, so two objects of the same name and different kinds (a Deployment and a Service
 * `redis`) need two ids and a `name`.
 */
export function uniqueId(scope: IConstruct, id: string): string {
  const existing = scope.node.tryFindChild(id);
  if (existing !== undefined) {
    throw new Error(
      `${scope.node.path}: the construct id "${id}" is already taken here by ${existing.constructor.name} ` +
        `${existing.node.path}; ids are unique in their scope, and an id is the object's name unless \`name\` is ` +
        `given: give this construct another id, e.g. "${id}-2", and keep its object name with \`name: '${id}'\``,
    );
  }
  return id;
}
