/**
 * The stock file an ERP exports: a header line naming the columns `sku` and `quantity` (and
 * optionally `location`, a stock location code), then one line per count. Fields may be quoted
 * ("A,1") with doubled quotes inside; blank lines are skipped. Whether a count is acceptable
 * (whole, not negative, not below what is held) is the shop's to say: quantities go to the API
 * as the numbers they read as, so its sentence names the SKU.
 */
export interface StockLine {
  sku: string;
  onHand: number;
  location?: string;
}

/** A line of the file that cannot be read, with its line number. */
export class CsvError extends Error {
  override name = 'CsvError';
}

/** The fields of one CSV line (RFC 4180 quoting, no line breaks inside a field). */
function fieldsOf(line: string, lineNumber: number): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  if (quoted) throw new CsvError(`Line ${lineNumber}: a quoted field is not closed.`);
  fields.push(field);
  return fields.map((f) => f.trim());
}

/** Reads the whole file's text into stock lines, or throws a CsvError naming the line. */
export function parseStockCsv(text: string): StockLine[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  if (headerIndex < 0) throw new CsvError('The file is empty: expected a "sku,quantity" header.');
  const header = fieldsOf(lines[headerIndex] ?? '', headerIndex + 1).map((h) => h.toLowerCase());
  const skuAt = header.indexOf('sku');
  const quantityAt = header.indexOf('quantity');
  const locationAt = header.indexOf('location');
  if (skuAt < 0 || quantityAt < 0)
    throw new CsvError(
      `Line ${headerIndex + 1}: the header must name the columns "sku" and "quantity" (it has ${header.join(', ')}).`,
    );
  const out: StockLine[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (raw.trim() === '') continue;
    const fields = fieldsOf(raw, i + 1);
    const sku = fields[skuAt] ?? '';
    const quantity = fields[quantityAt] ?? '';
    if (sku === '') throw new CsvError(`Line ${i + 1}: the sku is empty.`);
    if (!/^-?\d+(\.\d+)?$/.test(quantity))
      throw new CsvError(`Line ${i + 1}: the quantity of ${sku} is "${quantity}", not a number.`);
    const location = locationAt >= 0 ? (fields[locationAt] ?? '') : '';
    out.push({ sku, onHand: Number(quantity), ...(location ? { location } : {}) });
  }
  return out;
}

/** The lines in calls of at most `size` (the API takes 500 per `stock.set`). */
export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
