'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { zLocationInput, zLocationRenameInput, type AdminStockLocation } from '@shop/validators';
import { FieldError, ResultLine, TextField } from '~/components/form-fields';
import { DeleteButton } from '../regions/delete-button';
import type { SettingsActionResult } from '../regions/settings-fields';
import { createLocationAction, deleteLocationAction, renameLocationAction } from './actions';

/** A new location: its code (kept in lower case, unique) and its name. */
export function CreateLocationForm() {
  const router = useRouter();
  const [result, setResult] = useState<SettingsActionResult | null>(null);
  const form = useForm<z.input<typeof zLocationInput>, unknown, z.output<typeof zLocationInput>>({
    resolver: zodResolver(zLocationInput),
    defaultValues: { code: '', name: '' },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (input) => {
    const answer = await createLocationAction(input);
    setResult(answer);
    if (answer.ok) {
      form.reset();
      router.refresh();
    }
  });
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="max-w-2xl space-y-3"
      aria-label="New stock location"
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          id="location-code"
          label="Code"
          className="input w-full font-mono"
          autoComplete="off"
          maxLength={32}
          error={errors.code?.message}
          {...form.register('code')}
        />
        <TextField
          id="location-name"
          label="Name"
          autoComplete="off"
          error={errors.name?.message}
          {...form.register('name')}
        />
      </div>
      <button type="submit" className="button-primary" disabled={isSubmitting}>
        {isSubmitting ? 'Creating…' : 'Create location'}
      </button>
      <ResultLine result={result} />
    </form>
  );
}

const zRenameForm = zLocationRenameInput.pick({ name: true });

/** Rename (the code stays) and Delete (asked first; refused while it holds stock or transfers). */
export function LocationActions({ location }: { location: AdminStockLocation }) {
  const router = useRouter();
  const [result, setResult] = useState<SettingsActionResult | null>(null);
  const form = useForm<z.input<typeof zRenameForm>, unknown, z.output<typeof zRenameForm>>({
    resolver: zodResolver(zRenameForm),
    defaultValues: { name: location.name },
  });
  const { errors, isSubmitting } = form.formState;
  const id = `location-${location.id}-name`;
  const onSubmit = form.handleSubmit(async ({ name }) => {
    const answer = await renameLocationAction(location.id, name);
    setResult(answer);
    if (answer.ok) router.refresh();
  });
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-start gap-2">
        <form
          onSubmit={onSubmit}
          noValidate
          className="flex gap-2"
          aria-label={`Rename ${location.code}`}
        >
          <label htmlFor={id} className="sr-only">
            New name of {location.code}
          </label>
          <input
            id={id}
            className="input w-44"
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? `${id}-error` : undefined}
            {...form.register('name')}
          />
          <button type="submit" className="button-secondary" disabled={isSubmitting}>
            Rename
          </button>
        </form>
        <DeleteButton
          name={location.name}
          description="Only a location that holds no stock and has no transfers or stock history can be deleted."
          remove={() => deleteLocationAction(location.id)}
        />
      </div>
      <FieldError id={`${id}-error`} message={errors.name?.message} />
      <ResultLine result={result} />
    </div>
  );
}
