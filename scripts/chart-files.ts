import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

/** One chart file of dist/<env>/ and the namespace it creates. */
export interface ChartFile {
  readonly file: string;
  readonly namespace: string;
  /** The Namespace object as YAML, to create it on its own. */
  readonly namespaceYaml: string;
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
      const document = parseAllDocuments(fs.readFileSync(file, 'utf8')).find(
        (candidate) => candidate.toJS()?.kind === 'Namespace',
      );
      if (document === undefined) {
        throw new Error(`${file} creates no Namespace; build it as an AppChart`);
      }
      return { file, namespace: document.toJS().metadata.name, namespaceYaml: document.toString() };
    });
}
