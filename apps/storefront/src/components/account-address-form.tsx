'use client';

import { useActionState, useEffect, useRef } from 'react';
import { addAddress } from '~/app/account/actions';
import { idle } from '~/app/account/form-state';
import { AccountField, AccountFormMessage, primaryButton } from './account-field';

export interface CountryChoice {
  code: string;
  name: string;
}

const selectClass = (error: string | undefined) =>
  `h-12 w-full rounded-sm border bg-white px-3 text-base ${error ? 'border-danger' : 'border-neutral-300'}`;

/**
 * Adds a saved address. The server validates it (per-country postal codes) and its sentences
 * come back under the fields; after a save the form empties for the next one.
 */
export function AccountAddressForm({
  countries,
  isFirst,
}: {
  countries: CountryChoice[];
  /** The first address becomes the default anyway, so the checkbox is not offered. */
  isFirst: boolean;
}) {
  const [state, action, isPending] = useActionState(addAddress, idle);
  const formRef = useRef<HTMLFormElement>(null);
  const errors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};

  useEffect(() => {
    if (state.status === 'success') formRef.current?.reset();
  }, [state]);

  const text = (
    name: string,
    label: string,
    props: { autoComplete: string; required?: boolean; className?: string; hint?: string },
  ) => (
    <AccountField
      key={name}
      id={`address-${name}`}
      name={name}
      label={props.required === false ? `${label} (optional)` : label}
      autoComplete={props.autoComplete}
      required={props.required !== false}
      className={props.className}
      hint={props.hint}
      defaultValue={values[name]}
      error={errors[name]}
    />
  );

  return (
    <form ref={formRef} action={action} noValidate className="grid grid-cols-2 gap-4">
      {text('firstName', 'First name', {
        autoComplete: 'given-name',
        className: 'col-span-2 sm:col-span-1',
      })}
      {text('lastName', 'Last name', {
        autoComplete: 'family-name',
        className: 'col-span-2 sm:col-span-1',
      })}
      {text('line1', 'Address', { autoComplete: 'address-line1', className: 'col-span-2' })}
      {text('line2', 'Apartment, suite, etc.', {
        autoComplete: 'address-line2',
        required: false,
        className: 'col-span-2',
      })}
      {text('city', 'City', {
        autoComplete: 'address-level2',
        className: 'col-span-2 sm:col-span-1',
      })}
      {text('province', 'State or province', {
        autoComplete: 'address-level1',
        required: false,
        className: 'col-span-2 sm:col-span-1',
        hint: 'Required in the US (two letters, like CA) and Canada.',
      })}
      {text('postalCode', 'Postal code', {
        autoComplete: 'postal-code',
        className: 'col-span-2 sm:col-span-1',
      })}
      <AccountField
        id="address-countryCode"
        label="Country"
        error={errors.countryCode}
        className="col-span-2 sm:col-span-1"
      >
        <select
          id="address-countryCode"
          name="countryCode"
          autoComplete="country"
          defaultValue={values.countryCode ?? countries[0]?.code}
          aria-invalid={errors.countryCode ? true : undefined}
          aria-describedby={errors.countryCode ? 'address-countryCode-error' : undefined}
          className={selectClass(errors.countryCode)}
        >
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      </AccountField>
      {text('phone', 'Phone', {
        autoComplete: 'tel',
        required: false,
        className: 'col-span-2',
        hint: 'Only for the courier, if they need to reach you.',
      })}
      {isFirst ? null : (
        <label className="col-span-2 flex min-h-11 items-center gap-3 text-sm">
          <input
            type="checkbox"
            name="isDefault"
            defaultChecked={values.isDefault === 'on'}
            className="size-5 accent-accent"
          />
          Make this my default address
        </label>
      )}
      <div className="col-span-2 flex flex-col gap-4">
        <AccountFormMessage state={state} />
        <button type="submit" className={primaryButton} disabled={isPending}>
          {isPending ? 'Saving…' : 'Save address'}
        </button>
      </div>
    </form>
  );
}
