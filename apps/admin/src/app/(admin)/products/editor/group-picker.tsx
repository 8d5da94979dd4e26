'use client';

import { useFormContext } from 'react-hook-form';
import type { CatalogGroup } from '@shop/validators';
import { FieldMessage } from './field-message';
import type { ProductFormValues } from './form-model';

/** Checkboxes for the categories or collections the product belongs to, in a scroll box. */
export function GroupPicker({
  name,
  legend,
  groups,
}: {
  name: 'categoryIds' | 'collectionIds';
  legend: string;
  groups: readonly CatalogGroup[];
}) {
  const { register, formState } = useFormContext<ProductFormValues>();
  const message = formState.errors[name]?.message;
  return (
    <fieldset>
      <legend className="font-medium">{legend}</legend>
      {groups.length === 0 ? (
        <p className="text-neutral-600">None yet.</p>
      ) : (
        <div className="mt-1 max-h-48 space-y-1 overflow-y-auto rounded-sm border border-neutral-200 p-2">
          {groups.map((group) => (
            <label key={group.id} className="flex items-center gap-2">
              <input type="checkbox" value={String(group.id)} {...register(name)} />
              <span>{group.path}</span>
            </label>
          ))}
        </div>
      )}
      <FieldMessage id={`${name}-error`} message={message} />
    </fieldset>
  );
}
