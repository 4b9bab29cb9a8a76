/*
 * Amounts of resources (requests, limits and their sums) as the checks compare and print them: parsed quantities are
 * floating-point numbers, so a sum may differ from the quantity it should equal in the last digits.
 */

const EPSILON = 1e-9;

/** Whether amount `a` is above `b` beyond the rounding of sums of parsed quantities (0.1 + 0.2 is not 0.3). */
export function above(a: number, b: number): boolean {
  return a - b > EPSILON * Math.max(Math.abs(a), Math.abs(b));
}

/** An amount in the units a message reads: cores or millicores, bytes with a binary suffix where one fits. */
export function formatAmount(resource: string, amount: number): string {
  if (resource === 'cpu') {
    return Number.isInteger(amount) ? String(amount) : `${Math.round(amount * 1000)}m`;
  }
  for (const [suffix, size] of [
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ] as const) {
    if (amount >= size && Number.isInteger(amount / size)) {
      return `${amount / size}${suffix}`;
    }
  }
  return String(Math.round(amount));
}
