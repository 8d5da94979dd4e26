'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition, type FormEvent } from 'react';
import type { AdminProduct, ProductUpdateInput } from '@shop/validators';
import { MAX_MINOR_UNITS, parseDecimal, toDecimal } from '@shop/money';
import { saveProduct } from './actions';
import { priceFieldKey, type FieldErrors } from './fields';

type PriceTexts = Record<string, string>;
type Variant = AdminProduct['variants'][number];

/** The text of every price input, from the saved product ('' where no price exists yet). */
function priceTextsOf(product: AdminProduct): PriceTexts {
  const texts: PriceTexts = {};
  for (const variant of product.variants) {
    for (const currency of product.currencies) {
      const price = variant.prices.find((p) => p.currencyCode === currency);
      texts[priceFieldKey('amount', variant.id, currency)] = price
        ? toDecimal(price.amount, currency)
        : '';
      texts[priceFieldKey('compareAt', variant.id, currency)] =
        price && price.compareAtAmount !== null ? toDecimal(price.compareAtAmount, currency) : '';
    }
  }
  return texts;
}

function hasPrice(variant: Variant, currency: string): boolean {
  return variant.prices.some((p) => p.currencyCode === currency);
}

/**
 * Reads the form into the update input, checking on the client what can be checked there so
 * messages appear at once; the server validates everything again.
 */
function buildInput(
  product: AdminProduct,
  title: string,
  description: string,
  texts: PriceTexts,
): { input: ProductUpdateInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const trimmedTitle = title.trim();
  if (trimmedTitle === '') errors.title = 'Title is required';
  else if (trimmedTitle.length > 200) errors.title = 'Title must be at most 200 characters';
  if (description.length > 10_000)
    errors.description = 'Description must be at most 10,000 characters';

  const prices: NonNullable<ProductUpdateInput['prices']> = [];
  for (const variant of product.variants) {
    for (const currency of product.currencies) {
      const amountKey = priceFieldKey('amount', variant.id, currency);
      const compareKey = priceFieldKey('compareAt', variant.id, currency);
      const amountText = texts[amountKey] ?? '';
      const compareText = texts[compareKey] ?? '';
      if (amountText.trim() === '' && compareText.trim() === '' && !hasPrice(variant, currency))
        continue;

      const amount = parseDecimal(amountText, currency, { max: MAX_MINOR_UNITS });
      if (!amount.ok) {
        errors[amountKey] =
          hasPrice(variant, currency) && amountText.trim() === ''
            ? 'A price cannot be removed, only changed'
            : amount.error;
        continue;
      }
      let compareAtAmount: number | null = null;
      if (compareText.trim() !== '') {
        const compareAt = parseDecimal(compareText, currency, { max: MAX_MINOR_UNITS });
        if (!compareAt.ok) {
          errors[compareKey] = compareAt.error;
          continue;
        }
        if (compareAt.amount <= amount.amount) {
          errors[compareKey] = 'Must be higher than the price, or empty';
          continue;
        }
        compareAtAmount = compareAt.amount;
      }
      prices.push({
        variantId: variant.id,
        currencyCode: currency,
        amount: amount.amount,
        compareAtAmount,
      });
    }
  }
  return { input: { id: product.id, title: trimmedTitle, description, prices }, errors };
}

export function ProductForm({
  product: initial,
  storefrontUrl,
}: {
  product: AdminProduct;
  storefrontUrl: string;
}) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [product, setProduct] = useState(initial);
  const [title, setTitle] = useState(initial.title);
  const [description, setDescription] = useState(initial.description);
  const [texts, setTexts] = useState(() => priceTextsOf(initial));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [isPending, startTransition] = useTransition();

  // Ctrl+S / Cmd+S saves instead of opening the browser's "Save page" dialog.
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
        event.preventDefault();
        formRef.current?.requestSubmit();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  function edited() {
    setSaved(false);
    setFormError(null);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isPending) return;
    const { input, errors: clientErrors } = buildInput(product, title, description, texts);
    setErrors(clientErrors);
    setSaved(false);
    if (Object.keys(clientErrors).length > 0) {
      setFormError('Fix the highlighted fields, then save again.');
      return;
    }
    setFormError(null);
    startTransition(async () => {
      try {
        const result = await saveProduct(input);
        if (!result.ok) {
          setErrors(result.fieldErrors);
          setFormError(result.message);
          return;
        }
        setProduct(result.product);
        setTitle(result.product.title);
        setDescription(result.product.description);
        setTexts(priceTextsOf(result.product));
        setSaved(true);
        router.refresh();
      } catch {
        setFormError('Saving failed on the server. Your changes are still here; try again.');
      }
    });
  }

  const errorProps = (key: string) => {
    const message = errors[key];
    return message ? { 'aria-invalid': true, 'aria-describedby': `${key}-error` } : {};
  };
  const errorText = (key: string) => {
    const message = errors[key];
    return message ? (
      <p id={`${key}-error`} className="field-error">
        {message}
      </p>
    ) : null;
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-6" noValidate>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-lg font-semibold">{product.title}</h1>
          <p className="font-mono text-xs text-neutral-600">
            {product.handle} · {product.status}
          </p>
        </div>
        <div className="flex items-center gap-3">
          <a
            href={`${storefrontUrl}/p/${encodeURIComponent(product.handle)}`}
            target="_blank"
            rel="noopener noreferrer"
            className="font-medium text-accent underline-offset-4 hover:underline"
          >
            View in store
          </a>
          <button
            type="submit"
            className="button-primary"
            disabled={isPending}
            aria-keyshortcuts="Control+S Meta+S"
          >
            {isPending ? 'Saving…' : 'Save'}
          </button>
        </div>
      </div>

      {formError ? (
        <div
          role="alert"
          className="rounded-sm border border-danger bg-danger-soft px-3 py-2 text-danger"
        >
          {formError}
        </div>
      ) : null}

      <section className="space-y-4 rounded-lg border border-neutral-200 bg-white p-4">
        <div>
          <label htmlFor="title" className="block font-medium">
            Title
          </label>
          <input
            id="title"
            name="title"
            value={title}
            maxLength={200}
            onChange={(e) => {
              setTitle(e.target.value);
              edited();
            }}
            className="input mt-1"
            {...errorProps('title')}
          />
          {errorText('title')}
        </div>
        <div>
          <label htmlFor="description" className="block font-medium">
            Description
          </label>
          <textarea
            id="description"
            name="description"
            value={description}
            rows={6}
            onChange={(e) => {
              setDescription(e.target.value);
              edited();
            }}
            className="input mt-1 resize-y"
            {...errorProps('description')}
          />
          {errorText('description')}
        </div>
      </section>

      <section className="rounded-lg border border-neutral-200 bg-white">
        <div className="border-b border-neutral-200 px-4 py-3">
          <h2 className="font-semibold">Prices</h2>
          <p className="text-xs text-neutral-600">
            In major units, e.g. 29.00. Compare-at (the struck-through “was” price) is optional and
            must be higher.
          </p>
        </div>
        {product.variants.length === 0 ? (
          <p className="px-4 py-6 text-neutral-600">This product has no variants.</p>
        ) : (
          // `relative` keeps the visually hidden labels inside the scroll box on narrow screens.
          <div className="relative overflow-x-auto">
            <table className="w-full border-separate border-spacing-0 text-left">
              <thead className="bg-neutral-100 text-xs text-neutral-600 uppercase">
                <tr>
                  <th scope="col" className="border-b border-neutral-200 px-3 py-2 font-medium">
                    Variant
                  </th>
                  {product.currencies.map((currency) => (
                    <th
                      key={currency}
                      scope="col"
                      className="border-b border-neutral-200 px-3 py-2 font-medium"
                    >
                      {currency} price / compare-at
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {product.variants.map((variant) => (
                  <tr key={variant.id} className="align-top">
                    <th
                      scope="row"
                      className="border-b border-neutral-100 px-3 py-2 text-left font-normal"
                    >
                      <span className="font-medium">{variant.title}</span>
                      <span className="block font-mono text-xs text-neutral-500">
                        {variant.sku}
                      </span>
                    </th>
                    {product.currencies.map((currency) => {
                      const amountKey = priceFieldKey('amount', variant.id, currency);
                      const compareKey = priceFieldKey('compareAt', variant.id, currency);
                      return (
                        <td key={currency} className="border-b border-neutral-100 px-3 py-2">
                          <div className="flex gap-2">
                            <div className="w-28">
                              <label htmlFor={amountKey} className="sr-only">
                                {`Price of ${variant.title} in ${currency}`}
                              </label>
                              <input
                                id={amountKey}
                                name={amountKey}
                                inputMode="decimal"
                                autoComplete="off"
                                placeholder={hasPrice(variant, currency) ? undefined : 'No price'}
                                value={texts[amountKey] ?? ''}
                                onChange={(e) => {
                                  setTexts((t) => ({ ...t, [amountKey]: e.target.value }));
                                  edited();
                                }}
                                data-testid={`price-${variant.id}-${currency}`}
                                className="input text-right tabular-nums"
                                {...errorProps(amountKey)}
                              />
                            </div>
                            <div className="w-28">
                              <label htmlFor={compareKey} className="sr-only">
                                {`Compare-at price of ${variant.title} in ${currency}`}
                              </label>
                              <input
                                id={compareKey}
                                name={compareKey}
                                inputMode="decimal"
                                autoComplete="off"
                                placeholder="—"
                                value={texts[compareKey] ?? ''}
                                onChange={(e) => {
                                  setTexts((t) => ({ ...t, [compareKey]: e.target.value }));
                                  edited();
                                }}
                                data-testid={`compare-at-${variant.id}-${currency}`}
                                className="input text-right tabular-nums"
                                {...errorProps(compareKey)}
                              />
                            </div>
                          </div>
                          {errorText(amountKey)}
                          {errorText(compareKey)}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <p className="text-xs text-neutral-500">
        Press{' '}
        <kbd className="rounded-sm border border-neutral-300 bg-white px-1 font-mono">Ctrl</kbd>+
        <kbd className="rounded-sm border border-neutral-300 bg-white px-1 font-mono">S</kbd> (
        <kbd className="rounded-sm border border-neutral-300 bg-white px-1 font-mono">⌘</kbd>+
        <kbd className="rounded-sm border border-neutral-300 bg-white px-1 font-mono">S</kbd> on a
        Mac) to save.
      </p>

      <div
        role="status"
        aria-live="polite"
        className={`fixed right-4 bottom-4 rounded-sm bg-neutral-900 px-4 py-2 font-medium text-white shadow-lg transition-opacity ${
          saved ? 'opacity-100' : 'pointer-events-none opacity-0'
        }`}
      >
        {saved ? 'Saved' : ''}
      </div>
    </form>
  );
}
