import * as fs from 'fs';
import * as path from 'path';
import { KUBERNETES_MODULE, compactSchema, compactSchemaText, readSwagger } from '../../scripts/import-k8s';

const SCHEMA_FILE = path.join(__dirname, '..', '..', 'imports', 'k8s-schema.json');

describe('imports/k8s-schema.json', () => {
  it(
    `is what npm run import makes of the OpenAPI document of ${KUBERNETES_MODULE} (run \`npm run import\` if not)`,
    () => {
      const expected = compactSchemaText(compactSchema(readSwagger(), KUBERNETES_MODULE));
      expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(expected);
    },
    5 * 60 * 1000,
  );
});
