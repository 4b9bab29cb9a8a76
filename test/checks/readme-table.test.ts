import * as fs from 'fs';
import * as path from 'path';
import { DUPLICATE_OBJECT, RULES } from '../../lib/checks/run-checks';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

describe("the README's tables of checks", () => {
  it('have a row for every rule the gate runs', () => {
    const ids = [...RULES.map((rule) => rule.id), DUPLICATE_OBJECT];
    expect(ids.filter((id) => !README.includes(`| \`${id}\` |`))).toEqual([]);
  });
});
