'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
import type { Address } from '@shop/validators';
import { saveCheckoutDetails } from '~/app/checkout/actions';
import { idle, type FormState } from '~/app/cart/form-state';
import { CheckoutField } from './checkout-field';

export interface CountryChoice {
  code: string;
  name: string;
}

/**
 * Contact and shipping address, saved together. Once saved, the section collapses to a summary
 * with a "Change" button; the server's sentence for a refused address (a country the region does
 * not ship to, a postal code in the wrong format) is shown above the button in role="alert".
 */
export function CheckoutDetailsForm({
  email,
  address,
  countries,
  regionName,
}: {
  email: string | null;
  address: Address | null;
  /** The region's countries; null when unknown (the shopper types the code). */
  countries: CountryChoice[] | null;
  regionName: string;
}) {
  const isComplete = email !== null && address !== null;
  const [isEditing, setEditing] = useState(!isComplete);
  const formRef = useRef<HTMLFormElement>(null);
  const [state, formAction, isPending] = useActionState<FormState, FormData>(
    async (previous, formData) => {
      const next = await saveCheckoutDetails(previous, formData);
      if (next.status === 'saved') setEditing(false);
      return next;
    },
    idle,
  );

  // After a refused submit, take the shopper to the first field that needs fixing.
  useEffect(() => {
    if (state.status !== 'error' || !state.fieldErrors) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state]);

  if (isComplete && !isEditing) {
    return (
      <div
        className="flex items-start justify-between gap-4"
        data-testid="checkout-details-summary"
      >
        <div className="min-w-0 text-sm leading-relaxed text-neutral-700">
          <p className="font-medium break-words text-neutral-900">{email}</p>
          <AddressLines address={address} countries={countries} />
        </div>
        <button
          type="button"
          onClick={() => {
            setEditing(true);
            requestAnimationFrame(() => formRef.current?.querySelector('input')?.focus());
          }}
          className="h-10 shrink-0 rounded-sm border border-neutral-300 px-3 text-sm font-medium hover:bg-neutral-50"
        >
          Change<span className="sr-only"> contact and address</span>
        </button>
      </div>
    );
  }

  const errors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  const submitted = state.status === 'error' ? state.values : undefined;
  const value = (name: keyof Address | 'email', saved: string | undefined) =>
    submitted?.[name] ?? saved ?? '';
  const country = value('countryCode', address?.countryCode ?? countries?.[0]?.code);
  const shipsToUs = countries?.some((c) => c.code === 'US') ?? false;

  return (
    <form ref={formRef} action={formAction} noValidate className="flex flex-col gap-6">
      <fieldset className="flex flex-col gap-3">
        <legend className="mb-2 text-base font-semibold">Contact</legend>
        <CheckoutField
          id="checkout-email"
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          inputMode="email"
          defaultValue={value('email', email ?? undefined)}
          error={errors.email}
          hint="We send your order confirmation here."
          required
        />
      </fieldset>

      <fieldset className="grid grid-cols-2 gap-3">
        <legend className="mb-2 text-base font-semibold">Shipping address</legend>
        <CheckoutField
          id="checkout-first-name"
          name="firstName"
          label="First name"
          autoComplete="given-name"
          defaultValue={value('firstName', address?.firstName)}
          error={errors.firstName}
          required
        />
        <CheckoutField
          id="checkout-last-name"
          name="lastName"
          label="Last name"
          autoComplete="family-name"
          defaultValue={value('lastName', address?.lastName)}
          error={errors.lastName}
          required
        />
        <CheckoutField
          id="checkout-line1"
          name="line1"
          label="Address"
          autoComplete="address-line1"
          defaultValue={value('line1', address?.line1)}
          error={errors.line1}
          className="col-span-2"
          required
        />
        <CheckoutField
          id="checkout-line2"
          name="line2"
          label="Apartment, suite (optional)"
          autoComplete="address-line2"
          defaultValue={value('line2', address?.line2)}
          error={errors.line2}
          className="col-span-2"
        />
        <CheckoutField
          id="checkout-city"
          name="city"
          label="City"
          autoComplete="address-level2"
          defaultValue={value('city', address?.city)}
          error={errors.city}
          required
        />
        <CheckoutField
          id="checkout-postal-code"
          name="postalCode"
          label="Postal code"
          autoComplete="postal-code"
          defaultValue={value('postalCode', address?.postalCode)}
          error={errors.postalCode}
          required
        />
        <CheckoutField
          id="checkout-province"
          name="province"
          label="State / province"
          autoComplete="address-level1"
          defaultValue={value('province', address?.province)}
          error={errors.province}
          hint={shipsToUs ? 'US: two letters, e.g. NY' : undefined}
        />
        <CheckoutField id="checkout-country" label="Country" error={errors.countryCode}>
          {countries ? (
            <select
              // Remount when the submitted value changes, so a form reset keeps it.
              key={country}
              id="checkout-country"
              name="countryCode"
              autoComplete="country"
              defaultValue={country}
              aria-invalid={errors.countryCode ? true : undefined}
              aria-describedby={errors.countryCode ? 'checkout-country-error' : undefined}
              className="h-12 w-full rounded-sm border border-neutral-300 bg-white px-3 text-base"
            >
              {countries.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          ) : (
            <input
              id="checkout-country"
              name="countryCode"
              autoComplete="country"
              maxLength={2}
              defaultValue={country}
              aria-invalid={errors.countryCode ? true : undefined}
              aria-describedby={errors.countryCode ? 'checkout-country-error' : undefined}
              className="h-12 w-full rounded-sm border border-neutral-300 bg-white px-3 text-base uppercase"
            />
          )}
        </CheckoutField>
        <CheckoutField
          id="checkout-phone"
          name="phone"
          label="Phone (optional)"
          type="tel"
          autoComplete="tel"
          defaultValue={value('phone', address?.phone)}
          error={errors.phone}
          className="col-span-2"
        />
        <p className="col-span-2 text-xs text-neutral-500">
          The {regionName} store ships to{' '}
          {countries ? countries.map((c) => c.name).join(', ') : 'the countries of its region'}.
        </p>
      </fieldset>

      {state.status === 'error' ? (
        <p role="alert" className="rounded-sm bg-danger-soft px-3 py-2 text-sm text-danger">
          {state.message}
        </p>
      ) : null}
      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:items-center">
        {isComplete ? (
          <button
            type="button"
            onClick={() => setEditing(false)}
            className="h-12 rounded-sm px-4 text-sm font-medium text-neutral-600 hover:text-neutral-900"
          >
            Cancel
          </button>
        ) : null}
        <button
          type="submit"
          disabled={isPending}
          className="h-12 rounded-sm bg-accent px-6 text-base font-medium text-white hover:bg-accent-strong disabled:opacity-60 sm:ml-auto"
        >
          {isPending ? 'Saving…' : 'Continue to shipping'}
        </button>
      </div>
    </form>
  );
}

function AddressLines({
  address,
  countries,
}: {
  address: Address;
  countries: CountryChoice[] | null;
}) {
  const countryName =
    countries?.find((c) => c.code === address.countryCode)?.name ?? address.countryCode;
  return (
    <address className="not-italic">
      {address.firstName} {address.lastName}
      <br />
      {address.line1}
      {address.line2 ? `, ${address.line2}` : ''}
      <br />
      {address.postalCode} {address.city}
      {address.province ? `, ${address.province}` : ''}
      <br />
      {countryName}
      {address.phone ? (
        <>
          <br />
          {address.phone}
        </>
      ) : null}
    </address>
  );
}
