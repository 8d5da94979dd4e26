import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { can } from '@shop/core';
import { Badge } from '~/components/badge';
import { parseId } from '~/lib/ids';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { ArchiveButton, DiscountForm } from '../discount-form';
import { discountMinimum, discountValue, statusBadge } from '../discount-display';

export const metadata: Metadata = { title: 'Discount' };

/** One code: its usage, its settings (editable with discounts:write) and deactivation. */
export default async function DiscountPage({ params }: { params: Promise<{ id: string }> }) {
  const id = parseId((await params).id);
  if (id === null) notFound();
  const staff = await requireStaff();
  const api = await getAdminApi();
  let discount;
  try {
    discount = await api.admin.discounts.get({ id });
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'NOT_FOUND') notFound();
    throw err;
  }
  const canWrite = can(staff.role, 'discounts:write');
  return (
    <div className="space-y-6">
      <div>
        <Link href="/discounts" className="text-neutral-600 hover:underline">
          ← Discounts
        </Link>
        <h1 className="flex items-center gap-2 text-lg font-semibold">
          <span className="font-mono">{discount.code}</span>{' '}
          <Badge {...statusBadge[discount.status]} />
        </h1>
        <p className="text-neutral-600" data-testid="discount-usage">
          {discountValue(discount)} · minimum: {discountMinimum(discount)} · used{' '}
          {discount.usageCount}
          {discount.usageLimit === null ? '' : ` of ${discount.usageLimit}`} times (checkouts under
          way included) · {discount.redemptions} {discount.redemptions === 1 ? 'order' : 'orders'}
        </p>
      </div>
      {canWrite ? (
        <>
          <DiscountForm discount={discount} />
          <ArchiveButton discount={discount} />
        </>
      ) : null}
    </div>
  );
}
