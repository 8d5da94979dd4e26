import type { ReactNode } from 'react';
import { AdminHeader } from '~/components/admin-header';
import { SessionKeeper } from '~/components/session-keeper';
import { requireStaff } from '~/server/auth';

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaff();
  return (
    <>
      <AdminHeader staff={staff} />
      <SessionKeeper />
      <div className="mx-auto max-w-6xl px-4 py-6">{children}</div>
    </>
  );
}
