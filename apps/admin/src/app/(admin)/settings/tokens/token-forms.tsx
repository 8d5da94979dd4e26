'use client';

import { useActionState, useId, useState } from 'react';
import { zApiTokenScope } from '@shop/validators';
import {
  createToken,
  revokeToken,
  type CreateTokenResult,
  type RevokeTokenResult,
} from './actions';
import { SCOPE_LABELS } from './scopes';

/**
 * The new-token form. On success it shows the token's text once, with a copy button; the text
 * lives in this form's state only, so a reload or another page loses it for good.
 */
export function CreateTokenForm() {
  const [state, action, pending] = useActionState<CreateTokenResult, FormData>(createToken, null);
  const [copied, setCopied] = useState(false);
  const id = useId();
  const failed = state !== null && !state.ok;
  return (
    <div className="space-y-4">
      <form action={action} className="space-y-3" noValidate>
        <div className="space-y-1">
          <label htmlFor={`${id}-name`} className="block font-medium">
            Token name
          </label>
          <input
            id={`${id}-name`}
            name="name"
            autoComplete="off"
            placeholder="ERP stock sync"
            className="input w-full max-w-sm"
            aria-invalid={failed || undefined}
            aria-describedby={failed ? `${id}-error` : undefined}
          />
        </div>
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
        <div className="space-y-1">
          <label htmlFor={`${id}-lifetime`} className="block font-medium">
            Expires
          </label>
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
        </div>
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create token'}
        </button>
        {failed ? (
          <p id={`${id}-error`} role="alert" className="field-error">
            {state.message}
          </p>
        ) : null}
      </form>
      {state?.ok ? (
        <div
          role="status"
          className="space-y-2 rounded-sm border border-success bg-success-soft p-3"
          data-testid="new-token"
        >
          <p className="font-medium">
            Token “{state.name}” created. Copy it now: it will not be shown again.
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <label htmlFor={`${id}-token`} className="sr-only">
              The new API token
            </label>
            <input
              id={`${id}-token`}
              readOnly
              value={state.token}
              className="input min-w-0 flex-1 font-mono text-xs"
              onFocus={(e) => e.currentTarget.select()}
            />
            <button
              type="button"
              className="button-secondary"
              onClick={() => {
                void navigator.clipboard.writeText(state.token).then(() => setCopied(true));
              }}
            >
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

export function RevokeTokenButton({ token }: { token: { id: number; name: string } }) {
  const [state, action, pending] = useActionState<RevokeTokenResult, FormData>(revokeToken, null);
  return (
    <form action={action}>
      <input type="hidden" name="id" value={token.id} />
      <button
        type="submit"
        className="button-secondary"
        disabled={pending}
        aria-label={`Revoke the token “${token.name}”`}
      >
        {pending ? 'Revoking…' : 'Revoke'}
      </button>
      {state && !state.ok ? (
        <p role="alert" className="field-error">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
