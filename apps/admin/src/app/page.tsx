import { redirect } from 'next/navigation';
import { can } from '@shop/core';
import { requireStaff } from '~/server/auth';

/** The admin's home: the dashboard for staff who may see it (`reports:read`), else the orders. */
export default async function HomePage() {
  const staff = await requireStaff();
  redirect(can(staff.role, 'reports:read') ? '/dashboard' : '/orders');
}
