'use client';

import { useActionState, useId } from 'react';
import { ActionButton } from '~/components/action-button';
import { ShownOnce } from '~/components/copy-field';
import { Field, FormError, SubmitButton } from '~/components/form';
import {
  createEndpoint,
  deleteEndpoint,
  redeliver,
  setEndpointEnabled,
  type CreateEndpointResult,
} from './actions';

/**
 * The new-endpoint form: URL, description, the events to send (the catalog's types, handed in
 * by the page) and an optional secret. On success it shows the secret once, with a copy button;
 * it lives in this form's state only.
 */
export function CreateEndpointForm({ eventTypes }: { eventTypes: readonly string[] }) {
  const [state, action, pending] = useActionState<CreateEndpointResult, FormData>(
    createEndpoint,
    null,
  );
  const id = useId();
  const failed = state !== null && !state.ok;
  // React resets a form after its action; a refused one comes back with what was typed.
  const values = state && !state.ok ? state.values : undefined;
  return (
    <div className="space-y-4">
      <form action={action} className="space-y-3" noValidate>
        <Field htmlFor={`${id}-url`} label="URL">
          <input
            id={`${id}-url`}
            name="url"
            type="url"
            inputMode="url"
            autoComplete="off"
            placeholder="https://erp.example.com/webhooks/shop"
            defaultValue={values?.url}
            className="input w-full max-w-xl"
            aria-invalid={failed || undefined}
            aria-describedby={failed ? `${id}-error` : undefined}
          />
        </Field>
        <Field htmlFor={`${id}-description`} label={<Optional>Description</Optional>}>
          <input
            id={`${id}-description`}
            name="description"
            autoComplete="off"
            defaultValue={values?.description}
            className="input w-full max-w-xl"
          />
        </Field>
        <fieldset className="space-y-1">
          <legend className="font-medium">Events</legend>
          <div className="grid gap-1 sm:grid-cols-3">
            {eventTypes.map((type) => (
              <label key={type} className="flex items-center gap-2">
                <input
                  type="checkbox"
                  name="events"
                  value={type}
                  defaultChecked={values?.events.includes(type)}
                />
                <code className="text-xs">{type}</code>
              </label>
            ))}
          </div>
        </fieldset>
        <Field htmlFor={`${id}-secret`} label={<Optional>Signing secret</Optional>}>
          <input
            id={`${id}-secret`}
            name="secret"
            autoComplete="off"
            placeholder="whsec_… (leave empty to generate one)"
            className="input w-full max-w-xl font-mono text-xs"
          />
        </Field>
        <SubmitButton pending={pending} label="Add endpoint" pendingLabel="Adding…" />
        <FormError id={`${id}-error`} state={state} />
      </form>
      {state?.ok ? (
        <ShownOnce
          testId="new-endpoint-secret"
          label="The endpoint's signing secret"
          value={state.secret}
        >
          Endpoint {state.url} added. Copy its signing secret now: it will not be shown again. The
          receiver verifies every request with it (Standard Webhooks).
        </ShownOnce>
      ) : null}
    </div>
  );
}

/** A field's label with "(optional)" after it. */
function Optional({ children }: { children: string }) {
  return (
    <>
      {children} <span className="font-normal text-neutral-500">(optional)</span>
    </>
  );
}

export function EnableEndpointButton({ id, enabled }: { id: number; enabled: boolean }) {
  return (
    <ActionButton
      action={setEndpointEnabled}
      fields={{ id, enabled: enabled ? 'false' : 'true' }}
      label={enabled ? 'Disable' : 'Enable'}
      pendingLabel={enabled ? 'Disabling…' : 'Enabling…'}
    />
  );
}

export function DeleteEndpointButton({ id, url }: { id: number; url: string }) {
  return (
    <ActionButton
      action={deleteEndpoint}
      fields={{ id }}
      label="Delete endpoint"
      pendingLabel="Deleting…"
      confirm={`Delete the endpoint ${url} and its delivery log?`}
    />
  );
}

export function RedeliverButton({
  deliveryId,
  endpointId,
}: {
  deliveryId: number;
  endpointId: number;
}) {
  return (
    <ActionButton
      action={redeliver}
      fields={{ deliveryId, endpointId }}
      label="Redeliver"
      pendingLabel="Queuing…"
      ariaLabel={`Redeliver delivery ${deliveryId}`}
    />
  );
}
