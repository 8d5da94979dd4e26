'use client';

import { useActionState, useId } from 'react';
import { CopyField } from '~/components/copy-field';
import {
  createEndpoint,
  deleteEndpoint,
  redeliver,
  setEndpointEnabled,
  type CreateEndpointResult,
  type EndpointActionResult,
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
        <div className="space-y-1">
          <label htmlFor={`${id}-url`} className="block font-medium">
            URL
          </label>
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
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-description`} className="block font-medium">
            Description <span className="font-normal text-neutral-500">(optional)</span>
          </label>
          <input
            id={`${id}-description`}
            name="description"
            autoComplete="off"
            defaultValue={values?.description}
            className="input w-full max-w-xl"
          />
        </div>
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
        <div className="space-y-1">
          <label htmlFor={`${id}-secret`} className="block font-medium">
            Signing secret <span className="font-normal text-neutral-500">(optional)</span>
          </label>
          <input
            id={`${id}-secret`}
            name="secret"
            autoComplete="off"
            placeholder="whsec_… (leave empty to generate one)"
            className="input w-full max-w-xl font-mono text-xs"
          />
        </div>
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? 'Adding…' : 'Add endpoint'}
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
          data-testid="new-endpoint-secret"
        >
          <p className="font-medium">
            Endpoint {state.url} added. Copy its signing secret now: it will not be shown again. The
            receiver verifies every request with it (Standard Webhooks).
          </p>
          <CopyField label="The endpoint's signing secret" value={state.secret} />
        </div>
      ) : null}
    </div>
  );
}

function Result({ state }: { state: EndpointActionResult }) {
  if (!state) return null;
  return state.ok ? (
    <p role="status" className="text-sm text-success">
      {state.message}
    </p>
  ) : (
    <p role="alert" className="field-error">
      {state.message}
    </p>
  );
}

/** One button that runs a server action with hidden fields, its result shown beneath. */
function ActionButton({
  action: run,
  fields,
  label,
  pendingLabel,
  ariaLabel,
  confirm,
}: {
  action: (previous: EndpointActionResult, form: FormData) => Promise<EndpointActionResult>;
  fields: Record<string, string | number>;
  label: string;
  pendingLabel: string;
  ariaLabel?: string;
  /** Asked before submitting; cancelling submits nothing. */
  confirm?: string;
}) {
  const [state, action, pending] = useActionState<EndpointActionResult, FormData>(run, null);
  return (
    <form
      action={action}
      className="space-y-1"
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className="button-secondary" disabled={pending} aria-label={ariaLabel}>
        {pending ? pendingLabel : label}
      </button>
      <Result state={state} />
    </form>
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
