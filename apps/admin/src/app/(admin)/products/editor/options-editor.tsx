'use client';

import { useFieldArray, useFormContext } from 'react-hook-form';
import { MAX_PRODUCT_OPTIONS } from '@shop/validators';
import { FieldMessage } from './field-message';
import type { ProductFormValues } from './form-model';

/**
 * The product's options (Size, Colour…) with their values as comma-separated text. The variant
 * matrix below follows them: every combination of values is one variant.
 */
export function OptionsEditor() {
  const { register, control, formState } = useFormContext<ProductFormValues>();
  const { fields, append, remove } = useFieldArray({ control, name: 'options' });
  const errors = formState.errors.options;
  return (
    <div className="space-y-3">
      {fields.length === 0 ? (
        <p className="text-neutral-600">
          No options: the product is sold as one variant. Add an option such as Size or Colour to
          sell it in several.
        </p>
      ) : null}
      {fields.map((field, index) => {
        const nameError = errors?.[index]?.name?.message;
        const valuesError = errors?.[index]?.values?.message;
        return (
          <fieldset
            key={field.id}
            className="grid gap-2 rounded-sm border border-neutral-200 p-3 sm:grid-cols-[12rem_1fr_auto]"
          >
            <legend className="sr-only">{`Option ${index + 1}`}</legend>
            <div>
              <label htmlFor={`option-${index}-name`} className="block text-xs font-medium">
                {`Option ${index + 1} name`}
              </label>
              <input
                id={`option-${index}-name`}
                className="input mt-1"
                placeholder="Size"
                aria-invalid={nameError ? true : undefined}
                aria-describedby={nameError ? `option-${index}-name-error` : undefined}
                {...register(`options.${index}.name`)}
              />
              <FieldMessage id={`option-${index}-name-error`} message={nameError} />
            </div>
            <div>
              <label htmlFor={`option-${index}-values`} className="block text-xs font-medium">
                {`Option ${index + 1} values`}
              </label>
              <input
                id={`option-${index}-values`}
                className="input mt-1"
                placeholder="S, M, L"
                aria-invalid={valuesError ? true : undefined}
                aria-describedby={valuesError ? `option-${index}-values-error` : undefined}
                {...register(`options.${index}.values`)}
              />
              <FieldMessage id={`option-${index}-values-error`} message={valuesError} />
            </div>
            <div className="flex items-end">
              <button
                type="button"
                className="button-secondary"
                onClick={() => remove(index)}
                aria-label={`Remove option ${index + 1}`}
              >
                Remove
              </button>
            </div>
          </fieldset>
        );
      })}
      {fields.length < MAX_PRODUCT_OPTIONS ? (
        <button
          type="button"
          className="button-secondary"
          onClick={() => append({ name: '', values: '' })}
        >
          Add option
        </button>
      ) : null}
    </div>
  );
}
