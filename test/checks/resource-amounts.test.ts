import { above, formatAmount } from '../../lib/checks/resource-amounts';
import { parseQuantity } from '../../lib/checks/value-rules';

describe('resource amounts', () => {
  it('reads a sum of parsed quantities as equal to the quantity it adds up to, and a millicore more as above', () => {
    const sum = parseQuantity('100m')! + parseQuantity('200m')!;
    expect(sum).not.toBe(parseQuantity('300m'));
    expect(above(sum, parseQuantity('300m')!)).toBe(false);
    expect(above(parseQuantity('301m')!, sum)).toBe(true);
  });

  it.each([
    ['cpu', 0.12, '120m'],
    ['cpu', 2, '2'],
    ['memory', 6 * 2 ** 20, '6Mi'],
    ['memory', 2 ** 30, '1Gi'],
    ['memory', 1500, '1500'],
  ])('prints %s %d as %s', (resource, amount, printed) => {
    expect(formatAmount(resource, amount)).toBe(printed);
  });
});
