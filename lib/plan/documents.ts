import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { Json } from './identity';

/**
 * The objects of a chart file (or one document of it), in order. A document that does not parse, or that is not an
 * object with a kind and a name, fails with a message that names the file (`where`), the document and the parser's
 * words. js-yaml with the YAML 1.2 core schema (no timestamps, no merge keys), which reads what the writer writes as
 * the `yaml` package does, about eight times as fast: a plan of a large change parses thousands of documents.
 */
export function parseChartFile(text: string, where: string, fail: (message: string) => Error): Json[] {
  let documents: unknown[];
  try {
    documents = loadAll(text, undefined, { schema: CORE_SCHEMA, json: false });
  } catch (error) {
    throw fail(`${where} does not parse as YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const objects: Json[] = [];
  documents.forEach((value: Json, index) => {
    if (value === null || value === undefined) {
      return;
    }
    if (typeof value !== 'object' || typeof value.kind !== 'string' || typeof value.metadata?.name !== 'string') {
      throw fail(`${where}: document ${index + 1} is not a Kubernetes object (it needs kind and metadata.name)`);
    }
    objects.push(value);
  });
  return objects;
}
