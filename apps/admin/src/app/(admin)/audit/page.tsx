import type { Metadata } from 'next';
import { can } from '@shop/core';
import type { AuditEntry } from '@shop/validators';
import { Notice } from '~/components/section';
import { actionMessage } from '~/lib/action-message';
import { keysetPager, parseCursor, parseTrail } from '~/lib/keyset';
import { getAdminApi } from '~/server/api';
import { getLogger } from '~/server/shop';
import { requireStaff } from '~/server/auth';
import { AuditTable } from './audit-table';

export const metadata: Metadata = { title: 'Audit log' };

const PAGE_SIZE = 50;
const DAY_MS = 86_400_000;
type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string {
  return ((Array.isArray(value) ? value[0] : value) ?? '').trim().slice(0, 200);
}

/** `YYYY-MM-DD` from a date input, as the start of that day in UTC (the admin shows UTC). */
function dayStart(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Who did what in the admin, newest first: every mutation of a staff member or an API token,
 * with its target and, where the change knew them, the state before and after. Owners and
 * managers (`audit:read`); filters live in the URL, so a filtered view can be shared.
 */
export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff();
  if (!can(staff.role, 'audit:read'))
    return (
      <div className="max-w-3xl space-y-2">
        <h1 className="text-lg font-semibold">Audit log</h1>
        <Notice>
          Only owners and managers read the audit log; your role ({staff.role}) cannot.
        </Notice>
      </div>
    );
  const params = await searchParams;
  const actor = first(params.actor);
  const action = first(params.action);
  const target = first(params.target);
  const fromText = first(params.from);
  const toText = first(params.to);
  const from = dayStart(fromText);
  const toDay = dayStart(toText);
  // "To" is inclusive: up to the last millisecond of that day.
  const to = toDay ? new Date(toDay.getTime() + DAY_MS - 1) : undefined;
  const cursorText = parseCursor(params.cursor) ?? '';
  const cursor = /^[1-9]\d{0,14}$/.test(cursorText) ? Number(cursorText) : undefined;

  const api = await getAdminApi();
  let page: { items: AuditEntry[]; nextCursor: number | null };
  let refusal: string | null = null;
  try {
    page = await api.admin.audit.list({
      cursor,
      limit: PAGE_SIZE,
      actor: actor || undefined,
      action: action || undefined,
      target: target || undefined,
      from,
      to,
    });
  } catch (err) {
    page = { items: [], nextCursor: null };
    // Filters the router refuses (a range that ends before it starts) read as its sentence.
    refusal = actionMessage(err, getLogger(), 'audit list');
  }

  const isFiltered = Boolean(actor || action || target || from || to);

  return (
    <div className="space-y-4">
      <div className="max-w-3xl">
        <h1 className="text-lg font-semibold">Audit log</h1>
        <p className="text-neutral-600">
          Every change made in the admin or through the API: who, when, what and to which target.
        </p>
      </div>
      <form role="search" action="/audit" className="flex flex-wrap items-end gap-2">
        {[
          { name: 'actor', label: 'Actor', value: actor, placeholder: 'Email or token:7' },
          {
            name: 'action',
            label: 'Action',
            value: action,
            placeholder: 'products.update or orders.',
          },
          { name: 'target', label: 'Target', value: target, placeholder: 'products:42' },
        ].map((f) => (
          <div key={f.name} className="space-y-1">
            <label htmlFor={`audit-${f.name}`} className="block font-medium">
              {f.label}
            </label>
            <input
              id={`audit-${f.name}`}
              name={f.name}
              defaultValue={f.value}
              maxLength={200}
              placeholder={f.placeholder}
              className="input w-48"
            />
          </div>
        ))}
        <div className="space-y-1">
          <label htmlFor="audit-from" className="block font-medium">
            From
          </label>
          <input
            id="audit-from"
            name="from"
            type="date"
            defaultValue={fromText}
            className="input"
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="audit-to" className="block font-medium">
            To
          </label>
          <input id="audit-to" name="to" type="date" defaultValue={toText} className="input" />
        </div>
        <button type="submit" className="button-secondary">
          Filter
        </button>
        {isFiltered ? (
          <a href="/audit" className="button-secondary">
            Clear
          </a>
        ) : null}
      </form>
      {refusal ? (
        <p role="alert" className="field-error">
          {refusal}
        </p>
      ) : null}
      <AuditTable
        rows={page.items}
        empty={isFiltered ? 'No entries match these filters.' : 'Nothing has been changed yet.'}
        pager={keysetPager({
          path: '/audit',
          params: {
            actor,
            action,
            target,
            from: from ? fromText : '',
            to: to ? toText : '',
          },
          cursor: cursor === undefined ? null : String(cursor),
          trail: parseTrail(params.back),
          nextCursor: page.nextCursor,
        })}
      />
    </div>
  );
}
