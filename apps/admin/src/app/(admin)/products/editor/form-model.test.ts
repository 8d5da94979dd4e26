import { describe, expect, it } from 'vitest';
import {
  formValuesOf,
  productResolver,
  rebuildMatrix,
  type OptionRow,
  type ProductFormValues,
  type VariantRow,
} from './form-model';

const currencies = ['EUR', 'USD'];
const options = (...rows: Array<[string, string]>): OptionRow[] =>
  rows.map(([name, values]) => ({ name, values }));

function rebuild(opts: OptionRow[], rows: VariantRow[]) {
  return rebuildMatrix({ options: opts, rows, archived: [], skuBase: 'Tee', currencies });
}

async function resolve(values: ProductFormValues) {
  // The options argument is only read by toNestErrors for native validation, which is off.
  return productResolver(currencies, null)(values, undefined, {
    fields: {},
    shouldUseNativeValidation: false,
  });
}

describe('the variant matrix', () => {
  it('follows the options: size × colour is four rows, typed prices kept, SKUs suggested', () => {
    const start = formValuesOf(null, currencies);
    const sized = rebuild(options(['Size', 'S, M']), start.variants);
    expect(sized.map((r) => r.optionValues)).toEqual([['S'], ['M']]);
    const typed = sized.map((r, i) =>
      i === 0 ? { ...r, prices: [{ amount: '9.00', compareAt: '' }, ...r.prices.slice(1)] } : r,
    );
    const matrix = rebuild(options(['Size', 'S, M'], ['Colour', 'Red, Blue']), typed);
    expect(matrix.map((r) => [r.optionValues.join('/'), r.sku])).toEqual([
      ['S/Red', 'TEE-S-RED'],
      ['S/Blue', 'TEE-S-BLUE'],
      ['M/Red', 'TEE-M-RED'],
      ['M/Blue', 'TEE-M-BLUE'],
    ]);
    // S became S/Red (the same row); the new rows start from the first row's prices.
    expect(matrix[0]?.prices[0]?.amount).toBe('9.00');
    expect(matrix[1]?.prices[0]?.amount).toBe('9.00');
  });

  it('keeps the rows while a new option has no value yet', () => {
    const rows = rebuild(options(['Size', 'S, M']), formValuesOf(null, currencies).variants);
    expect(rebuild(options(['Size', 'S, M'], ['Colour', '']), rows)).toEqual(rows);
  });
});

describe('the resolver', () => {
  function draft(): ProductFormValues {
    const values = formValuesOf(null, currencies);
    return {
      ...values,
      title: 'Tee',
      variants: values.variants.map((v) => ({
        ...v,
        sku: 'TEE-1',
        prices: [
          { amount: '', compareAt: '' },
          { amount: '12.50', compareAt: '15' },
        ],
      })),
    };
  }

  it('turns the form into the create input, prices in minor units', async () => {
    const result = await resolve(draft());
    expect(result.errors).toEqual({});
    expect(result.values).toMatchObject({
      title: 'Tee',
      handle: '',
      variants: [
        {
          sku: 'TEE-1',
          prices: [{ currencyCode: 'USD', amount: 1250, compareAtAmount: 1500 }],
        },
      ],
    });
  });

  it('puts each mistake next to its field and sends nothing', async () => {
    const values = draft();
    const bad: ProductFormValues = {
      ...values,
      title: ' ',
      variants: values.variants.map((v) => ({
        ...v,
        sku: '',
        weight: '1.5',
        prices: [
          { amount: '-3', compareAt: '' },
          { amount: '12.50', compareAt: '12.50' },
        ],
      })),
    };
    const result = await resolve(bad);
    expect(result.values).toEqual({});
    const errors = result.errors as Record<string, unknown> & {
      variants?: Array<Record<string, unknown>>;
    };
    expect(errors.title).toMatchObject({ message: 'Title is required' });
    const row = errors.variants?.[0] as {
      weight?: { message: string };
      prices?: Array<{ amount?: { message: string }; compareAt?: { message: string } }>;
    };
    expect(row.weight?.message).toBe('Weight must be a whole number of grams');
    expect(row.prices?.[0]?.amount?.message).toMatch(/negative|sign/i);
  });
});
