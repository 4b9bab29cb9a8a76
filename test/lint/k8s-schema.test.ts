import * as fs from 'fs';
import * as path from 'path';
import { SCHEMA_RELEASES, schemaFileOf } from '../../lib/checks/schema-releases';
import { compactSchema, compactSchemaText, readSwagger } from '../../scripts/import-k8s';

const ROOT = path.join(__dirname, '..', '..');

describe.each(SCHEMA_RELEASES)('the schema of Kubernetes $release', ({ release, module }) => {
  it(
    `is what npm run import makes of the OpenAPI document of ${module} (run \`npm run import\` if not), every time`,
    () => {
      const document = readSwagger(module);
      const expected = compactSchemaText(compactSchema(document, module));
      expect(fs.readFileSync(path.join(ROOT, schemaFileOf(release)), 'utf8')).toBe(expected);
      expect(compactSchemaText(compactSchema(readSwagger(module), module))).toBe(expected);
    },
    5 * 60 * 1000,
  );
});
