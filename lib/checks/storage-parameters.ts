import { Problem } from './finding';

/** The most parameters a StorageClass or VolumeAttributesClass may have, and the most bytes of their keys and values. */
const MAX_PARAMETERS = 512;
const MAX_PARAMETER_BYTES = 256 * 1024;

/**
 * The parameters of a StorageClass or a VolumeAttributesClass (storage's validateParameters): at most 512, no empty key,
 * at most 256 KiB of keys and values (as UTF-8 bytes).
 */
export function parameterProblems(parameters: unknown, kind: string): Problem[] {
  const entries =
    parameters !== null && typeof parameters === 'object' ? Object.entries(parameters as Record<string, unknown>) : [];
  const problems: Problem[] = [];
  if (entries.length > MAX_PARAMETERS) {
    problems.push({
      message: `parameters has ${entries.length} entries, over the ${MAX_PARAMETERS} the API server takes of a ${kind}`,
      fix: `keep at most ${MAX_PARAMETERS}`,
    });
  }
  const empty = entries.find(([key]) => key === '');
  if (empty !== undefined) {
    problems.push({
      message: `parameters has an empty key (of value ${JSON.stringify(empty[1])}), which the API server refuses of a ${kind} (field can not be empty)`,
      fix: 'give each parameter a name, e.g. type: gp3',
    });
  }
  const bytes = entries.reduce(
    (total, [key, value]) => total + Buffer.byteLength(key) + Buffer.byteLength(String(value ?? '')),
    0,
  );
  if (bytes > MAX_PARAMETER_BYTES) {
    problems.push({
      message: `parameters hold ${bytes} bytes of keys and values, over the 256 KiB (${MAX_PARAMETER_BYTES}) the API server takes of a ${kind}`,
      fix: 'keep large configuration out of the parameters, e.g. in a Secret the driver reads',
    });
  }
  return problems;
}
