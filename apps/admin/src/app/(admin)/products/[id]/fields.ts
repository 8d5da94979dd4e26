/** Form field name -> message shown next to it. */
export type FieldErrors = Partial<Record<string, string>>;

/** Key of one price input, e.g. `amount-12-USD` or `compareAt-12-USD`. */
export function priceFieldKey(
  kind: 'amount' | 'compareAt',
  variantId: number,
  currencyCode: string,
): string {
  return `${kind}-${variantId}-${currencyCode}`;
}
