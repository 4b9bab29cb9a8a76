/**
 * A step into an object: a map key, a list index, or the item of a list of named items (containers, ports, env) picked
 * by its name, as the plan matches them.
 */
export type Step = string | number | { readonly name: string };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * A field's path as the findings and the plan show it: `spec.containers[0].args[2]`, `metadata.annotations["a.b/c"]`,
 * `spec.template.spec.containers[name=web].image`.
 */
export function formatPath(path: readonly Step[]): string {
  let text = '';
  for (const step of path) {
    if (typeof step === 'number') {
      text += `[${step}]`;
    } else if (typeof step === 'object') {
      text += `[name=${step.name}]`;
    } else if (IDENTIFIER.test(step)) {
      text += text === '' ? step : `.${step}`;
    } else {
      text += `[${JSON.stringify(step)}]`;
    }
  }
  return text;
}
