import type { Metadata } from 'next';
import Link from 'next/link';
import { can } from '@shop/core';
import { Notice } from '~/components/section';
import { requireStaff } from '~/server/auth';
import { DiscountForm } from '../discount-form';

export const metadata: Metadata = { title: 'New discount' };

export default async function NewDiscountPage() {
  const staff = await requireStaff();
  return (
    <div className="space-y-4">
      <div>
        <Link href="/discounts" className="text-neutral-600 hover:underline">
          ← Discounts
        </Link>
        <h1 className="text-lg font-semibold">New discount</h1>
      </div>
      {can(staff.role, 'discounts:write') ? (
        <DiscountForm discount={null} />
      ) : (
        <Notice>Your role ({staff.role}) cannot create discounts.</Notice>
      )}
    </div>
  );
}
