'use client';

import { useEffect, useRef } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import type { AdminProduct } from '@shop/validators';
import { FieldMessage } from './field-message';
import { matrixKey, rebuildMatrix, variantTitle, type ProductFormValues } from './form-model';

const cellClass = 'border-b border-neutral-100 px-2 py-2 align-top';

/**
 * The variants the options generate, one row per combination: SKU, barcode, weight and a
 * price with compare-at per currency. Changing the options rebuilds the rows (typed values are
 * kept for combinations that stay); saving archives the variants of combinations that went.
 */
export function VariantMatrix({
  currencies,
  archived,
  skuBase,
}: {
  currencies: readonly string[];
  archived: readonly AdminProduct['variants'][number][];
  skuBase: string;
}) {
  const { register, control, getValues, setValue, formState } = useFormContext<ProductFormValues>();
  const options = useWatch({ control, name: 'options' });
  const rows = useWatch({ control, name: 'variants' });
  const combos = matrixKey(options);
  const built = useRef(combos);

  useEffect(() => {
    if (built.current === combos) return;
    built.current = combos;
    setValue(
      'variants',
      rebuildMatrix({
        options: getValues('options'),
        rows: getValues('variants'),
        archived,
        skuBase: skuBase || getValues('title'),
        currencies,
      }),
      { shouldDirty: true },
    );
  }, [combos, archived, skuBase, currencies, getValues, setValue]);

  const errors = formState.errors.variants;
  return (
    // `relative` keeps the visually hidden labels inside the scroll box on narrow screens.
    <div className="relative overflow-x-auto">
      <table className="w-full border-separate border-spacing-0 text-left">
        <thead className="sticky top-0 bg-neutral-100 text-xs text-neutral-600 uppercase">
          <tr>
            <th scope="col" className="border-b border-neutral-200 px-2 py-2 font-medium">
              Variant
            </th>
            <th scope="col" className="border-b border-neutral-200 px-2 py-2 font-medium">
              SKU / barcode
            </th>
            <th scope="col" className="border-b border-neutral-200 px-2 py-2 font-medium">
              Weight (g)
            </th>
            {currencies.map((currency) => (
              <th
                key={currency}
                scope="col"
                className="border-b border-neutral-200 px-2 py-2 font-medium"
              >
                {currency} price / compare-at
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const title = variantTitle(row.optionValues);
            const rowErrors = errors?.[i];
            const ids = { sku: `variant-${i}-sku`, barcode: `variant-${i}-barcode` };
            return (
              <tr key={JSON.stringify(row.optionValues)} data-testid="variant-matrix-row">
                <th scope="row" className={`${cellClass} font-medium whitespace-nowrap`}>
                  {title}
                  {row.id === undefined ? (
                    <span className="block text-xs font-normal text-neutral-500">new</span>
                  ) : null}
                </th>
                <td className={cellClass}>
                  <div className="w-40 space-y-1">
                    <label htmlFor={ids.sku} className="sr-only">{`SKU of ${title}`}</label>
                    <input
                      id={ids.sku}
                      className="input font-mono"
                      autoComplete="off"
                      aria-invalid={rowErrors?.sku ? true : undefined}
                      aria-describedby={rowErrors?.sku ? `${ids.sku}-error` : undefined}
                      {...register(`variants.${i}.sku`)}
                    />
                    <FieldMessage id={`${ids.sku}-error`} message={rowErrors?.sku?.message} />
                    <label htmlFor={ids.barcode} className="sr-only">
                      {`Barcode of ${title}`}
                    </label>
                    <input
                      id={ids.barcode}
                      className="input font-mono"
                      placeholder="Barcode"
                      autoComplete="off"
                      {...register(`variants.${i}.barcode`)}
                    />
                    <FieldMessage
                      id={`${ids.barcode}-error`}
                      message={rowErrors?.barcode?.message}
                    />
                  </div>
                </td>
                <td className={cellClass}>
                  <div className="w-24">
                    <label htmlFor={`variant-${i}-weight`} className="sr-only">
                      {`Weight of ${title} in grams`}
                    </label>
                    <input
                      id={`variant-${i}-weight`}
                      className="input text-right tabular-nums"
                      inputMode="numeric"
                      autoComplete="off"
                      aria-invalid={rowErrors?.weight ? true : undefined}
                      aria-describedby={rowErrors?.weight ? `variant-${i}-weight-error` : undefined}
                      {...register(`variants.${i}.weight`)}
                    />
                    <FieldMessage
                      id={`variant-${i}-weight-error`}
                      message={rowErrors?.weight?.message}
                    />
                  </div>
                </td>
                {currencies.map((currency, j) => {
                  const amountId = `variant-${i}-price-${currency}`;
                  const compareId = `variant-${i}-compare-${currency}`;
                  const cellErrors = rowErrors?.prices?.[j];
                  const testKey = row.id === undefined ? `new-${i}` : String(row.id);
                  return (
                    <td key={currency} className={cellClass}>
                      <div className="flex gap-2">
                        <div className="w-24">
                          <label htmlFor={amountId} className="sr-only">
                            {`Price of ${title} in ${currency}`}
                          </label>
                          <input
                            id={amountId}
                            className="input text-right tabular-nums"
                            inputMode="decimal"
                            autoComplete="off"
                            placeholder={row.saved[j] ? undefined : 'No price'}
                            data-testid={`price-${testKey}-${currency}`}
                            aria-invalid={cellErrors?.amount ? true : undefined}
                            aria-describedby={cellErrors?.amount ? `${amountId}-error` : undefined}
                            {...register(`variants.${i}.prices.${j}.amount`)}
                          />
                        </div>
                        <div className="w-24">
                          <label htmlFor={compareId} className="sr-only">
                            {`Compare-at price of ${title} in ${currency}`}
                          </label>
                          <input
                            id={compareId}
                            className="input text-right tabular-nums"
                            inputMode="decimal"
                            autoComplete="off"
                            placeholder="—"
                            data-testid={`compare-at-${testKey}-${currency}`}
                            aria-invalid={cellErrors?.compareAt ? true : undefined}
                            aria-describedby={
                              cellErrors?.compareAt ? `${compareId}-error` : undefined
                            }
                            {...register(`variants.${i}.prices.${j}.compareAt`)}
                          />
                        </div>
                      </div>
                      <FieldMessage
                        id={`${amountId}-error`}
                        message={cellErrors?.amount?.message}
                      />
                      <FieldMessage
                        id={`${compareId}-error`}
                        message={cellErrors?.compareAt?.message}
                      />
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
