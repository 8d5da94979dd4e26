/**
 * Rounding, written once. Every amount is an integer number of minor units. A fraction of a
 * minor unit is rounded half up (away from zero for the non-negative amounts we handle), the
 * rule most tax authorities (EU VAT, US sales tax) accept per line.
 */
export function roundHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError(`roundHalfUp needs safe integers (got ${numerator}/${denominator})`);
  }
  const quotient = Math.floor(numerator / denominator);
  const remainder = numerator - quotient * denominator;
  return remainder * 2 >= denominator ? quotient + 1 : quotient;
}

/** `amount × bp / 10 000`, rounded half up: a percentage of an amount in basis points. */
export function percentOf(amount: number, bp: number): number {
  return roundHalfUp(amount * bp, 10_000);
}

/**
 * The tax contained in a tax-inclusive amount: `amount − amount / (1 + rate)`, with the net part
 * rounded half up, so that net + tax is exactly the amount.
 */
export function taxIncludedIn(amount: number, rateBp: number): number {
  return amount - roundHalfUp(amount * 10_000, 10_000 + rateBp);
}

/**
 * Splits `total` across `weights` in proportion, in integers that add up to `total` exactly
 * (largest remainder; ties go to the earlier weight). Used to spread an order discount over its
 * lines so each line's tax is computed on what the shopper really pays for it.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const shares = weights.map((w) => Math.floor((total * w) / sum));
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = weights
    .map((w, i) => ({ i, rem: (total * w) % sum }))
    .sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    left--;
  }
  return shares;
}
