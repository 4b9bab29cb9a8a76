/** A step into an object: a map key or a list index. */
export type Step = string | number;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A field's path as the findings show it: `spec.containers[0].args[2]`, `metadata.annotations["a.b/c"]`. */
export function formatPath(path: readonly Step[]): string {
  let text = '';
  for (const step of path) {
    if (typeof step === 'number') {
      text += `[${step}]`;
    } else if (IDENTIFIER.test(step)) {
      text += text === '' ? step : `.${step}`;
    } else {
      text += `[${JSON.stringify(step)}]`;
    }
  }
  return text;
}
