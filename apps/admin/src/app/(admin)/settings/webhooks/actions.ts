'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { withAdminApi } from '~/lib/admin-action';
import { parseId } from '~/lib/ids';

/** What the form had, given back on a refusal so the form shows it again (the secret is not). */
export interface EndpointFormValues {
  url: string;
  description: string;
  events: string[];
}

export type CreateEndpointResult =
  | { ok: true; id: number; url: string; secret: string }
  | { ok: false; message: string; values: EndpointFormValues }
  | null;
export type EndpointActionResult =
  { ok: true; message: string } | { ok: false; message: string } | null;

/**
 * Registers an endpoint through `admin.webhooks.create` (settings:write; the router checks the
 * URL, the events and the address rule, with its sentences). The secret goes back to this one
 * form state only: once the page is left it cannot be shown again.
 */
export async function createEndpoint(
  _previous: CreateEndpointResult,
  form: FormData,
): Promise<CreateEndpointResult> {
  const values: EndpointFormValues = {
    url: String(form.get('url') ?? ''),
    description: String(form.get('description') ?? ''),
    events: form.getAll('events').map(String),
  };
  const result = await withAdminApi('webhook endpoint create', async (api) => {
    const created = await api.admin.webhooks.create({
      ...values,
      secret: String(form.get('secret') ?? ''),
    });
    revalidatePath('/settings/webhooks');
    return { ok: true as const, id: created.id, url: created.url, secret: created.secret };
  });
  return result.ok ? result : { ...result, values };
}

/** Enables (its waiting deliveries go out) or disables an endpoint. */
export async function setEndpointEnabled(
  _previous: EndpointActionResult,
  form: FormData,
): Promise<EndpointActionResult> {
  const id = parseId(form.get('id'));
  if (id === null) return { ok: false, message: 'No endpoint to change.' };
  const enabled = form.get('enabled') === 'true';
  return withAdminApi('webhook endpoint enable', async (api) => {
    await api.admin.webhooks.enable({ id, enabled });
    revalidatePath(`/settings/webhooks/${id}`);
    revalidatePath('/settings/webhooks');
    return {
      ok: true,
      message: enabled
        ? 'Enabled: waiting deliveries are being sent.'
        : 'Disabled: deliveries wait.',
    };
  });
}

/** Deletes an endpoint with its delivery log, then goes back to the list. */
export async function deleteEndpoint(
  _previous: EndpointActionResult,
  form: FormData,
): Promise<EndpointActionResult> {
  const id = parseId(form.get('id'));
  if (id === null) return { ok: false, message: 'No endpoint to delete.' };
  return withAdminApi('webhook endpoint delete', async (api) => {
    await api.admin.webhooks.delete({ id });
    revalidatePath('/settings/webhooks');
    redirect('/settings/webhooks');
  });
}

/** Sends one delivery again (`admin.webhooks.redeliver`); refused while the endpoint is disabled. */
export async function redeliver(
  _previous: EndpointActionResult,
  form: FormData,
): Promise<EndpointActionResult> {
  const deliveryId = parseId(form.get('deliveryId'));
  const endpointId = parseId(form.get('endpointId'));
  if (deliveryId === null) return { ok: false, message: 'No delivery to send again.' };
  return withAdminApi('webhook redeliver', async (api) => {
    await api.admin.webhooks.redeliver({ deliveryId });
    if (endpointId !== null) revalidatePath(`/settings/webhooks/${endpointId}`);
    return { ok: true, message: 'Queued: it will be sent in a moment.' };
  });
}
