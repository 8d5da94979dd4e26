import { EXPORT_COLUMNS, type ProductColumn } from './layout';

/** One generated row: its CSV text (with its line break), the line it starts on, why it is invalid. */
export interface FixtureRow {
  text: string;
  line: number;
  invalid?: 'price' | 'stock' | 'duplicate-sku' | 'no-title' | 'options';
}

export interface FixtureOptions {
  /** Data rows in all (the header not counted). */
  rows: number;
  /** Rows to spoil, spread through the file, one of each kind in turn (0..5 or more). */
  invalid?: number;
  /** Start of the handles' and SKUs' numbering, so two files can hold different products. */
  offset?: number;
  /** A price suffix ("12.50" → "12.75"), to make a second file that updates the first. */
  priceCents?: number;
}

const KINDS = ['price', 'stock', 'duplicate-sku', 'no-title', 'options'] as const;
const TITLES = [
  '日本語のシャツ',
  'Ελληνικά σανδάλια',
  'Rain jacket 🌧️, "storm" edition',
  'Plain tee',
];

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvLine(values: Partial<Record<ProductColumn, string>>): string {
  return `${EXPORT_COLUMNS.map((c) => quote(values[c] ?? '')).join(',')}\r\n`;
}

/**
 * A product CSV in Shopify's layout for tests and the benchmark, row by row so a 100,000-row
 * file is never held: a BOM, quoted fields holding commas, quotes and line breaks (every first
 * row's body has two), Japanese, Greek and emoji text, two variants per product (Size S and M),
 * and `invalid` spoiled rows (a price with 3 decimals, negative stock, a SKU of an earlier
 * product, a new product without a title, a second option value the product has no option for).
 */
export function* productFixture(options: FixtureOptions): Generator<FixtureRow> {
  const offset = options.offset ?? 0;
  const cents = String(options.priceCents ?? 50).padStart(2, '0');
  const invalidCount = options.invalid ?? 0;
  const spacing = invalidCount > 0 ? Math.floor(options.rows / (invalidCount + 1)) : Infinity;
  let line = 1;
  const header = `\uFEFF${EXPORT_COLUMNS.join(',')}\r\n`;
  yield { text: header, line };
  line += 1;
  let emitted = 0;
  let spoiled = 0;
  for (let p = offset; emitted < options.rows; p++) {
    const handle = `item-${p}`;
    const dueInvalid =
      spoiled < invalidCount && emitted + 1 >= spacing * (spoiled + 1)
        ? KINDS[spoiled % KINDS.length]
        : undefined;
    const sizes = dueInvalid === 'no-title' || emitted + 1 === options.rows ? ['S'] : ['S', 'M'];
    for (const [i, size] of sizes.entries()) {
      const kind = i === sizes.length - 1 ? dueInvalid : undefined;
      const first = i === 0;
      const values: Partial<Record<ProductColumn, string>> = {
        Handle: handle,
        'Option1 Name': first ? 'Size' : '',
        'Option1 Value': size,
        'Variant SKU': `SKU-${p}-${size}`,
        'Variant Price': `${12 + (p % 40)}.${cents}`,
        'Variant Compare At Price': p % 3 === 0 ? `${60 + (p % 40)}.00` : '',
        'Variant Inventory Qty': String(p % 50),
        'Variant Barcode': `400${String(p).padStart(8, '0')}${i}`,
        'Variant Grams': String(200 + (p % 7) * 10),
      };
      if (first) {
        values.Title = `${TITLES[p % TITLES.length] ?? 'Tee'} ${p}`;
        values['Body (HTML)'] =
          `<p>Soft, light and warm.</p>\n<p>Wash at 30°, "gently".</p>\nNo ${p}`;
        values.Vendor = p % 2 === 0 ? 'Northwind, Ltd' : 'Ακρόπολη';
        values.Type = 'Shirt';
        values.Tags = `summer, cotton, tag-${p % 10}`;
        values.Status = 'active';
        values['Image Src'] = `https://images.example.com/${handle}.jpg`;
        values['Image Alt Text'] = `${handle}, front`;
      }
      if (kind === 'price') values['Variant Price'] = '12.345';
      if (kind === 'stock') values['Variant Inventory Qty'] = '-3';
      if (kind === 'duplicate-sku') values['Variant SKU'] = `SKU-${offset}-S`;
      if (kind === 'no-title') values.Title = '';
      if (kind === 'options') values['Option2 Value'] = 'Red';
      const text = csvLine(values);
      yield kind ? { text, line, invalid: kind } : { text, line };
      line += (text.match(/\n/g) ?? []).length;
      emitted++;
      if (kind) spoiled++;
      if (emitted >= options.rows) break;
    }
  }
}

/** The fixture as a stream of text chunks of about 64 KB. */
export async function* fixtureChunks(options: FixtureOptions): AsyncGenerator<string> {
  let chunk = '';
  for (const row of productFixture(options)) {
    chunk += row.text;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
