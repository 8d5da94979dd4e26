/** `/orders/1001` and similar: a positive integer of at most 15 digits. */
export function parseOrderNumber(text: string | undefined): number | null {
  return text && /^#?[1-9]\d{0,14}$/.test(text) ? Number(text.replace('#', '')) : null;
}
