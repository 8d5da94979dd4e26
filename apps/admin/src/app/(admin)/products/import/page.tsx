import type { Metadata } from 'next';
import Link from 'next/link';
import { can } from '@shop/core';
import { Notice, Section } from '~/components/section';
import { AdminQueryProvider } from '~/lib/trpc-client';
import { requireStaff } from '~/server/auth';
import { getAdminApi } from '~/server/api';
import { ImportPanel } from './import-panel';
import { RecentImports } from './recent-imports';

export const metadata: Metadata = { title: 'Import and export products' };

/**
 * Product CSV import (upload, dry run, import with a progress bar, the refused rows) and the
 * exports. Imports are Shopify's product layout, so a merchant's existing file works as is.
 */
export default async function ImportPage() {
  const staff = await requireStaff();
  const api = await getAdminApi();
  const recent = await api.admin.imports.list({ limit: 10 });
  const mayWrite = can(staff.role, 'products:write');
  return (
    <div className="space-y-6">
      <div className="flex items-center gap-3">
        <Link href="/products" className="text-neutral-600 hover:text-neutral-900">
          Products
        </Link>
        <span aria-hidden="true">/</span>
        <h1 className="text-lg font-semibold">Import and export</h1>
      </div>
      <Section headingId="import-heading" title="Import products from CSV">
        {mayWrite ? (
          <AdminQueryProvider>
            <ImportPanel />
          </AdminQueryProvider>
        ) : (
          <Notice>Your role may look at imports but not import products.</Notice>
        )}
      </Section>
      <Section headingId="export-heading" title="Export">
        <div className="flex flex-wrap items-end gap-3">
          <a href="/api/exports/products.csv" className="button-secondary" download>
            Download products (CSV)
          </a>
          {can(staff.role, 'orders:read') ? (
            <form
              action="/api/exports/orders.csv"
              method="get"
              className="flex flex-wrap items-end gap-2"
            >
              <label className="text-sm">
                <span className="block text-neutral-700">Orders from</span>
                <input type="date" name="from" className="input" />
              </label>
              <label className="text-sm">
                <span className="block text-neutral-700">to (not included)</span>
                <input type="date" name="to" className="input" />
              </label>
              <button type="submit" className="button-secondary">
                Download orders (CSV)
              </button>
            </form>
          ) : null}
        </div>
        <p className="text-sm text-neutral-600">
          The products file has the import&apos;s columns: edit it and import it back to change
          prices, stock or texts in bulk.
        </p>
      </Section>
      <Section headingId="recent-heading" title="Recent imports">
        <RecentImports jobs={recent} />
      </Section>
    </div>
  );
}
