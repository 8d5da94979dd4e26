'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { actionMessage } from '~/lib/action-message';
import { getAdminApi } from '~/server/api';
import { getLogger } from '~/server/shop';

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

const idOf = (form: FormData, name = 'id'): number | null => {
  const text = String(form.get(name) ?? '');
  return /^[1-9]\d{0,14}$/.test(text) ? Number(text) : null;
};

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
  const api = await getAdminApi();
  try {
    const created = await api.admin.webhooks.create({
      ...values,
      secret: String(form.get('secret') ?? ''),
    });
    revalidatePath('/settings/webhooks');
    return { ok: true, id: created.id, url: created.url, secret: created.secret };
  } catch (err) {
    const message = actionMessage(err, getLogger(), 'webhook endpoint create');
    return { ok: false, message, values };
  }
}

/** Enables (its waiting deliveries go out) or disables an endpoint. */
export async function setEndpointEnabled(
  _previous: EndpointActionResult,
  form: FormData,
): Promise<EndpointActionResult> {
  const id = idOf(form);
  if (id === null) return { ok: false, message: 'No endpoint to change.' };
  const enabled = form.get('enabled') === 'true';
  const api = await getAdminApi();
  try {
    await api.admin.webhooks.enable({ id, enabled });
    revalidatePath(`/settings/webhooks/${id}`);
    revalidatePath('/settings/webhooks');
    return {
      ok: true,
      message: enabled
        ? 'Enabled: waiting deliveries are being sent.'
        : 'Disabled: deliveries wait.',
    };
  } catch (err) {
    return { ok: false, message: actionMessage(err, getLogger(), 'webhook endpoint enable') };
  }
}

/** Deletes an endpoint with its delivery log, then goes back to the list. */
export async function deleteEndpoint(
  _previous: EndpointActionResult,
  form: FormData,
): Promise<EndpointActionResult> {
  const id = idOf(form);
  if (id === null) return { ok: false, message: 'No endpoint to delete.' };
  const api = await getAdminApi();
  try {
    await api.admin.webhooks.delete({ id });
  } catch (err) {
    return { ok: false, message: actionMessage(err, getLogger(), 'webhook endpoint delete') };
  }
  revalidatePath('/settings/webhooks');
  redirect('/settings/webhooks');
}

/** Sends one delivery again (`admin.webhooks.redeliver`); refused while the endpoint is disabled. */
export async function redeliver(
  _previous: EndpointActionResult,
  form: FormData,
): Promise<EndpointActionResult> {
  const deliveryId = idOf(form, 'deliveryId');
  const endpointId = idOf(form, 'endpointId');
  if (deliveryId === null) return { ok: false, message: 'No delivery to send again.' };
  const api = await getAdminApi();
  try {
    await api.admin.webhooks.redeliver({ deliveryId });
    if (endpointId !== null) revalidatePath(`/settings/webhooks/${endpointId}`);
    return { ok: true, message: 'Queued: it will be sent in a moment.' };
  } catch (err) {
    return { ok: false, message: actionMessage(err, getLogger(), 'webhook redeliver') };
  }
}
