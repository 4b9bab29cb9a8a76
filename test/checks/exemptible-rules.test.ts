import { EXEMPTIBLE_RULE_IDS } from '../../lib/checks/exemptible-rules';
import { RULES } from '../../lib/checks/run-checks';

describe('EXEMPTIBLE_RULE_IDS', () => {
  it('lists exactly the exemptible rules of the gate, in its order', () => {
    expect(EXEMPTIBLE_RULE_IDS).toEqual(RULES.filter((rule) => rule.exemptible === true).map((rule) => rule.id));
  });

  it('leaves out the rules the API server enforces and the reference checks', () => {
    expect(EXEMPTIBLE_RULE_IDS).toContain('host-access');
    expect(EXEMPTIBLE_RULE_IDS).not.toContain('privilege-escalation');
    expect(EXEMPTIBLE_RULE_IDS).not.toContain('namespace-exists');
  });
});
