'use client';

import { useActionState, useId } from 'react';
import { zApiTokenScope } from '@shop/validators';
import { ActionButton } from '~/components/action-button';
import { ShownOnce } from '~/components/copy-field';
import { Field, FormError, SubmitButton } from '~/components/form';
import { createToken, revokeToken, type CreateTokenResult } from './actions';
import { SCOPE_LABELS } from './scopes';

/**
 * The new-token form. On success it shows the token's text once, with a copy button; the text
 * lives in this form's state only, so a reload or another page loses it for good.
 */
export function CreateTokenForm() {
  const [state, action, pending] = useActionState<CreateTokenResult, FormData>(createToken, null);
  const id = useId();
  const failed = state !== null && !state.ok;
  return (
    <div className="space-y-4">
      <form action={action} className="space-y-3" noValidate>
        <Field htmlFor={`${id}-name`} label="Token name">
          <input
            id={`${id}-name`}
            name="name"
            autoComplete="off"
            placeholder="ERP stock sync"
            className="input w-full max-w-sm"
            aria-invalid={failed || undefined}
            aria-describedby={failed ? `${id}-error` : undefined}
          />
        </Field>
        <fieldset className="space-y-1">
          <legend className="font-medium">Scopes</legend>
          <div className="grid gap-1 sm:grid-cols-2">
            {zApiTokenScope.options.map((scope) => (
              <label key={scope} className="flex items-center gap-2">
                <input type="checkbox" name="scopes" value={scope} />
                <span>
                  {SCOPE_LABELS[scope]} <code className="text-xs text-neutral-500">{scope}</code>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <Field htmlFor={`${id}-lifetime`} label="Expires">
          <select
            id={`${id}-lifetime`}
            name="lifetime"
            className="input w-full max-w-sm"
            defaultValue="never"
          >
            <option value="never">Never (until revoked)</option>
            <option value="30">In 30 days</option>
            <option value="90">In 90 days</option>
            <option value="365">In a year</option>
          </select>
        </Field>
        <SubmitButton pending={pending} label="Create token" pendingLabel="Creating…" />
        <FormError id={`${id}-error`} state={state} />
      </form>
      {state?.ok ? (
        <ShownOnce testId="new-token" label="The new API token" value={state.token}>
          Token “{state.name}” created. Copy it now: it will not be shown again.
        </ShownOnce>
      ) : null}
    </div>
  );
}

export function RevokeTokenButton({ token }: { token: { id: number; name: string } }) {
  return (
    <ActionButton
      action={revokeToken}
      fields={{ id: token.id }}
      label="Revoke"
      pendingLabel="Revoking…"
      ariaLabel={`Revoke the token “${token.name}”`}
    />
  );
}
