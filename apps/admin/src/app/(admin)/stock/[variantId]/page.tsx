import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { can } from '@shop/core';
import { CardSection, Section } from '~/components/section';
import { parseId } from '~/lib/ids';
import { keysetPager, parseCursor, parseTrail } from '~/lib/keyset';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { HistoryTable } from './history-table';
import { AdjustStockForm, ThresholdForm } from './stock-forms';

export const metadata: Metadata = { title: 'Stock history' };

type SearchParams = Record<string, string | string[] | undefined>;

/** One variant's levels at every location, the adjust and threshold forms, and its history. */
export default async function VariantStockPage({
  params,
  searchParams,
}: {
  params: Promise<{ variantId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const variantId = parseId((await params).variantId);
  if (variantId === null) notFound();
  const query = await searchParams;
  const cursor = parseCursor(query.cursor);
  const staff = await requireStaff();
  const api = await getAdminApi();
  let page;
  try {
    page = await api.admin.stock.history({ variantId, cursor: parseId(cursor), limit: 50 });
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'NOT_FOUND') notFound();
    throw err;
  }
  const locations = await api.admin.stock.locations();
  const { variant } = page;
  const onHandByLocation = Object.fromEntries(variant.levels.map((l) => [l.location, l.onHand]));
  const canWrite = can(staff.role, 'stock:write');
  return (
    <div className="space-y-6">
      <div>
        <Link href="/stock" className="text-neutral-600 hover:underline">
          ← Stock
        </Link>
        <h1 className="text-lg font-semibold">
          {variant.productTitle} <span className="text-neutral-500">· {variant.variantTitle}</span>
        </h1>
        <p className="font-mono text-xs text-neutral-600">{variant.sku}</p>
      </div>
      <Section headingId="levels" title="Levels">
        <ul className="flex flex-wrap gap-3" data-testid="levels">
          {locations.map((l) => {
            const level = variant.levels.find((v) => v.location === l.code);
            return (
              <li key={l.id} className="rounded-lg border border-neutral-200 bg-white px-3 py-2">
                <span className="font-medium">{l.name}</span>{' '}
                <span className="tabular-nums">
                  {level?.onHand ?? 0} on hand, {level?.reserved ?? 0} held, {level?.available ?? 0}{' '}
                  available
                </span>
              </li>
            );
          })}
        </ul>
      </Section>
      {canWrite ? (
        <>
          <CardSection headingId="adjust" title="Adjust stock">
            <AdjustStockForm
              variantId={variant.variantId}
              locations={locations}
              onHandByLocation={onHandByLocation}
            />
          </CardSection>
          <CardSection headingId="threshold" title="Low-stock alert">
            <ThresholdForm variantId={variant.variantId} threshold={variant.lowStockThreshold} />
          </CardSection>
        </>
      ) : null}
      <Section headingId="history" title="History">
        <HistoryTable
          rows={page.items}
          pager={keysetPager({
            path: `/stock/${variant.variantId}`,
            params: {},
            cursor,
            trail: parseTrail(query.back),
            nextCursor: page.nextCursor,
          })}
        />
      </Section>
    </div>
  );
}
