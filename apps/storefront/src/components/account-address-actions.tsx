'use client';

import { useActionState } from 'react';
import { makeDefaultAddress, removeAddress } from '~/app/account/actions';
import { idle } from '~/app/account/form-state';
import { secondaryButton } from './account-field';

/** "Make default" and "Remove" for one saved address; the result is announced in role="status". */
export function AccountAddressActions({
  id,
  isDefault,
  label,
}: {
  id: number;
  isDefault: boolean;
  /** Names the address for screen readers: "Remove 1 Main St, Springfield". */
  label: string;
}) {
  const [defaultState, setDefault, isSettingDefault] = useActionState(makeDefaultAddress, idle);
  const [removeState, remove, isRemoving] = useActionState(removeAddress, idle);
  const message =
    removeState.status === 'success'
      ? removeState.message
      : defaultState.status === 'success'
        ? defaultState.message
        : '';
  return (
    <div className="flex flex-wrap items-center gap-2">
      {isDefault ? null : (
        <form action={setDefault}>
          <input type="hidden" name="id" value={id} />
          <button
            type="submit"
            className={secondaryButton}
            disabled={isSettingDefault}
            aria-label={`Make default: ${label}`}
          >
            Make default
          </button>
        </form>
      )}
      <form action={remove}>
        <input type="hidden" name="id" value={id} />
        <button
          type="submit"
          className={secondaryButton}
          disabled={isRemoving}
          aria-label={`Remove: ${label}`}
        >
          {isRemoving ? 'Removing…' : 'Remove'}
        </button>
      </form>
      <p role="status" className="sr-only">
        {message}
      </p>
    </div>
  );
}
