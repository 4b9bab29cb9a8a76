import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

/** One chart file of dist/<env>/ and the namespace it creates. */
export interface ChartFile {
  readonly file: string;
  readonly namespace: string;
  /** The Namespace object as YAML, to create it on its own. */
  readonly namespaceYaml: string;
  /** The CustomResourceDefinitions the chart makes, in the file's order, to apply them before its other objects. */
  readonly definitions: readonly Record<string, unknown>[];
}

/**
 * The chart files of an environment's folder in name order (readdir promises none), each with the Namespace it
 * creates (every AppChart creates one).
 */
export function chartFiles(dir: string): ChartFile[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.k8s.yaml'))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      const documents = parseAllDocuments(fs.readFileSync(file, 'utf8'));
      const document = documents.find((candidate) => candidate.toJS()?.kind === 'Namespace');
      if (document === undefined) {
        throw new Error(`${file} creates no Namespace; build it as an AppChart`);
      }
      const definitions = documents
        .map((candidate) => candidate.toJS())
        .filter((object) => object?.kind === 'CustomResourceDefinition');
      return { file, namespace: document.toJS().metadata.name, namespaceYaml: document.toString(), definitions };
    });
}
