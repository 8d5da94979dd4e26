'use client';

import type { AuditEntry } from '@shop/validators';
import { listTable, type DataColumn } from '~/components/data-table';
import { dateTimeFormat } from '~/lib/format';

/** An entry's state before and after, folded away; a dash when the change recorded neither. */
function Change({ entry }: { entry: AuditEntry }) {
  if (entry.before === null && entry.after === null)
    return <span className="text-neutral-500">—</span>;
  return (
    <details>
      <summary className="cursor-pointer text-neutral-700">
        {entry.before === null ? 'After' : 'Before and after'}
      </summary>
      <div className="mt-1 grid gap-2 sm:grid-cols-2">
        {entry.before !== null ? (
          <pre className="max-h-64 overflow-auto rounded bg-neutral-50 p-2 text-xs">
            {JSON.stringify(entry.before, null, 2)}
          </pre>
        ) : null}
        <pre className="max-h-64 overflow-auto rounded bg-neutral-50 p-2 text-xs">
          {JSON.stringify(entry.after, null, 2)}
        </pre>
      </div>
    </details>
  );
}

const columns: ReadonlyArray<DataColumn<AuditEntry>> = [
  {
    id: 'when',
    header: 'When (UTC)',
    cell: (e) => dateTimeFormat.format(e.createdAt),
    className: 'whitespace-nowrap',
  },
  {
    id: 'actor',
    header: 'Actor',
    cell: (e) => (
      <>
        {e.actorEmail}
        {e.actorKind === 'token' ? (
          <span className="ml-1 text-xs text-neutral-500">(API token)</span>
        ) : null}
      </>
    ),
  },
  { id: 'action', header: 'Action', cell: (e) => e.action, className: 'font-mono text-xs' },
  {
    id: 'target',
    header: 'Target',
    cell: (e) => (e.targetType ? `${e.targetType}${e.targetId ? `:${e.targetId}` : ''}` : '—'),
    className: 'font-mono text-xs',
  },
  { id: 'change', header: 'Change', cell: (e) => <Change entry={e} /> },
];

/** The audit log's table: one row per change, newest first. */
export const AuditTable = listTable({
  label: 'Audit log, newest first',
  columns,
  rowKey: (e: AuditEntry) => String(e.id),
  rowTestId: 'audit-row',
});
