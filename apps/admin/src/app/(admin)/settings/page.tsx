import { redirect } from 'next/navigation';
import { SETTINGS_LINKS, visibleLinks } from '~/components/nav-links';
import { requireStaff } from '~/server/auth';

/** `/settings` opens the first settings page this role may see. */
export default async function SettingsPage() {
  const staff = await requireStaff();
  redirect(visibleLinks(staff.role, SETTINGS_LINKS)[0]?.href ?? '/products');
}
