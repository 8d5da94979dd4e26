import type { Metadata } from 'next';
import Link from 'next/link';
import { can } from '@shop/core';
import { CardSection, Section } from '~/components/section';
import { parseId } from '~/lib/ids';
import { keysetPager, parseCursor, parseTrail } from '~/lib/keyset';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { CreateTransferForm, TransferTable } from './transfer-forms';

export const metadata: Metadata = { title: 'Stock transfers' };

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * Transfers between locations: creating one takes the units off the source at once; receiving
 * adds them at the destination, canceling puts them back.
 */
export default async function TransfersPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const params = await searchParams;
  const cursor = parseCursor(params.cursor);
  const staff = await requireStaff();
  const api = await getAdminApi();
  const [page, locations] = await Promise.all([
    api.admin.stock.transfers.list({ cursor: parseId(cursor), limit: 50 }),
    api.admin.stock.locations(),
  ]);
  return (
    <div className="space-y-6">
      <div>
        <Link href="/stock" className="text-neutral-600 hover:underline">
          ← Stock
        </Link>
        <h1 className="text-lg font-semibold">Stock transfers</h1>
        <p className="text-neutral-600">
          Units in a transfer are off sale at both ends until it is received.
        </p>
      </div>
      {can(staff.role, 'stock:write') ? (
        <CardSection headingId="new-transfer" title="New transfer">
          <CreateTransferForm locations={locations} />
        </CardSection>
      ) : null}
      <Section headingId="transfers" title="Transfers">
        <TransferTable
          rows={page.items}
          pager={keysetPager({
            path: '/stock/transfers',
            params: {},
            cursor,
            trail: parseTrail(params.back),
            nextCursor: page.nextCursor,
          })}
        />
      </Section>
    </div>
  );
}
