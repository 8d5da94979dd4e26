'use client';

import { useState } from 'react';
import type { ProductDetail, Variant } from '@shop/validators';
import { Price } from './price';
import { SoldOutBadge } from './stock-badge';
import { AddToCartButton } from './add-to-cart';

type Options = ProductDetail['options'];
type Selection = Record<string, string>;

const LOW_STOCK = 5;

function matches(variant: Variant, selection: Selection, names: string[]): boolean {
  return names.every((name) => variant.options[name] === selection[name]);
}

/**
 * Whether `value` of option `index` can be chosen: some in-stock variant has it together with
 * the values chosen for the options before it. Only earlier options constrain later ones, so
 * every enabled value leads to a variant that can be bought (choosing it may change later
 * options, see `choose`) and the shopper can never be stuck between two disabled choices.
 */
function availability(
  variants: Variant[],
  options: Options,
  selection: Selection,
  index: number,
  value: string,
): 'available' | 'sold-out' | 'unavailable' {
  const option = options[index];
  if (!option) return 'unavailable';
  const earlier = options.slice(0, index).map((o) => o.name);
  const candidates = variants.filter(
    (v) => v.options[option.name] === value && matches(v, selection, earlier),
  );
  if (candidates.some((v) => v.inStock)) return 'available';
  return candidates.length > 0 ? 'sold-out' : 'unavailable';
}

/**
 * The selection after choosing `value` for option `index`: kept as it is when that combination
 * is in stock, else the in-stock variant that keeps the most of the later choices.
 */
function choose(
  variants: Variant[],
  options: Options,
  selection: Selection,
  index: number,
  value: string,
): Selection {
  const name = options[index]?.name;
  if (name === undefined) return selection;
  const next = { ...selection, [name]: value };
  const names = options.map((o) => o.name);
  if (variants.some((v) => v.inStock && matches(v, next, names))) return next;
  const fixed = names.slice(0, index + 1);
  const later = names.slice(index + 1);
  let best: Variant | undefined;
  let bestScore = -1;
  for (const v of variants) {
    if (!v.inStock || !matches(v, next, fixed)) continue;
    const score = later.filter((n) => v.options[n] === next[n]).length;
    if (score > bestScore) [best, bestScore] = [v, score];
  }
  return best ? { ...next, ...best.options } : next;
}

function stockText(variant: Variant | undefined): string {
  if (!variant) return 'This combination is not available';
  if (!variant.inStock) return 'Sold out';
  if (variant.available > 0 && variant.available <= LOW_STOCK) {
    return `Only ${variant.available} left`;
  }
  return 'In stock';
}

/**
 * Option-driven variant choice: one radio group per option (keyboard and screen-reader
 * friendly), values without a purchasable variant disabled, and the chosen variant's price,
 * compare-at price and stock shown above. Rendered on the server with the first in-stock
 * variant chosen, so the page reads right before (and without) JavaScript.
 */
export function CatalogVariantPicker({
  options,
  variants,
  taxNote,
  region,
}: {
  options: Options;
  variants: Variant[];
  taxNote: string;
  /** The region the page was rendered for; a new cart is created in it. */
  region: string;
}) {
  const initial = variants.find((v) => v.inStock) ?? variants[0];
  const [selection, setSelection] = useState<Selection>(initial?.options ?? {});
  const names = options.map((o) => o.name);
  const variant =
    variants.find((v) => matches(v, selection, names)) ??
    (names.length === 0 ? initial : undefined);
  const soldOut = !variants.some((v) => v.inStock);

  return (
    <div data-testid="variant-picker" data-variant-id={variant?.id}>
      <div className="flex flex-wrap items-center gap-3 text-xl font-semibold">
        <Price
          price={variant?.price ?? null}
          compareAt={variant?.compareAtPrice}
          testId="product-price"
        />
        {soldOut ? <SoldOutBadge /> : null}
      </div>
      <p className="mt-1 text-sm text-neutral-600" data-testid="product-tax-note">
        {variant?.price ? `${variant.price.currencyCode}, ${taxNote}` : taxNote}
      </p>

      {options.length > 0 ? (
        <div className="mt-6 flex flex-col gap-5">
          {options.map((option, index) => (
            <fieldset key={option.name}>
              <legend className="text-sm font-medium">
                {option.name}
                {selection[option.name] ? (
                  <span className="font-normal text-neutral-600">: {selection[option.name]}</span>
                ) : null}
              </legend>
              <div className="mt-2 flex flex-wrap gap-2">
                {option.values.map((value) => {
                  const state = availability(variants, options, selection, index, value);
                  const id = `option-${index}-${value.replace(/[^A-Za-z0-9]+/g, '-')}`;
                  return (
                    <div key={value}>
                      <input
                        type="radio"
                        id={id}
                        name={`option-${index}`}
                        value={value}
                        checked={selection[option.name] === value}
                        disabled={state !== 'available'}
                        onChange={() =>
                          setSelection(choose(variants, options, selection, index, value))
                        }
                        className="peer sr-only"
                      />
                      <label
                        htmlFor={id}
                        className="inline-flex h-10 min-w-11 cursor-pointer items-center justify-center rounded-sm border border-neutral-300 px-3 text-sm text-neutral-900 peer-checked:border-neutral-900 peer-checked:bg-neutral-900 peer-checked:text-white peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-accent peer-disabled:cursor-not-allowed peer-disabled:border-neutral-200 peer-disabled:text-neutral-500 peer-disabled:line-through hover:border-neutral-500"
                      >
                        {value}
                        {state === 'available' ? null : (
                          <span className="sr-only">
                            {state === 'sold-out' ? ' (sold out)' : ' (unavailable)'}
                          </span>
                        )}
                      </label>
                    </div>
                  );
                })}
              </div>
            </fieldset>
          ))}
        </div>
      ) : null}

      <p
        className={`mt-5 text-sm font-medium ${variant?.inStock ? 'text-success' : 'text-neutral-600'}`}
        data-testid="selected-stock"
        aria-live="polite"
      >
        {stockText(variant)}
        {variant ? (
          <span className="ml-2 font-normal text-neutral-500">SKU {variant.sku}</span>
        ) : null}
      </p>

      <div className="mt-5">
        <AddToCartButton
          key={variant?.id ?? 'none'}
          variantId={variant?.id ?? null}
          region={region}
          soldOut={variant ? !variant.inStock : soldOut}
          max={Math.max(1, Math.min(variant?.available ?? 1, 1000))}
        />
      </div>
    </div>
  );
}
