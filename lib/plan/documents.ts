import { parseAllDocuments } from 'yaml';
import { Json } from './identity';

/**
 * The objects of a chart file, in order. A document that does not parse, or that is not an object with a kind and a
 * name, fails with a message that names the file (`where`), the document and the parser's words.
 */
export function parseChartFile(text: string, where: string, fail: (message: string) => Error): Json[] {
  const objects: Json[] = [];
  parseAllDocuments(text).forEach((document, index) => {
    const error = document.errors[0];
    if (error !== undefined) {
      throw fail(`${where} does not parse as YAML (document ${index + 1}): ${error.message.split('\n')[0]}`);
    }
    const value: Json = document.toJS();
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
