import type { Metadata } from 'next';
import Link from 'next/link';
import { can } from '@shop/core';
import { Notice, Section } from '~/components/section';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { DeleteSynonymGroup, SynonymGroupForm } from './synonym-forms';

export const metadata: Metadata = { title: 'Search settings' };

/**
 * The search's synonym groups: words shoppers use for the same thing, so that a search for one
 * finds products described with another. Every staff member may read them; owners and managers
 * (`settings:write`) edit them, and each change is applied to every search index at once.
 */
export default async function SearchSettingsPage() {
  const staff = await requireStaff();
  const api = await getAdminApi();
  const groups = await api.admin.search.synonyms.list();
  const canEdit = can(staff.role, 'settings:write');

  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <h1 className="text-lg font-semibold">Search settings</h1>
        <p className="text-neutral-600">
          Synonyms: a search for any word of a group also finds products described with the others.
          See what shoppers search for in the{' '}
          <Link href="/search-report" className="text-accent underline underline-offset-2">
            search report
          </Link>
          .
        </p>
      </div>

      {canEdit ? (
        <section className="rounded-lg border border-neutral-200 bg-white p-4">
          <SynonymGroupForm />
        </section>
      ) : (
        <Notice>
          Only owners and managers can change synonyms; your role ({staff.role}) can read them.
        </Notice>
      )}

      <Section headingId="synonym-groups" title={`Synonym groups (${groups.length})`}>
        {groups.length === 0 ? (
          <p className="text-neutral-600">No synonym groups yet.</p>
        ) : (
          <ul className="divide-y divide-neutral-100 rounded-lg border border-neutral-200 bg-white">
            {groups.map((group) => (
              <li
                key={group.id}
                className="flex flex-wrap items-start gap-3 px-4 py-3"
                data-testid="synonym-group"
              >
                {canEdit ? (
                  <>
                    <div className="min-w-0 flex-1">
                      <SynonymGroupForm group={group} />
                    </div>
                    <DeleteSynonymGroup group={group} />
                  </>
                ) : (
                  <p>{group.terms.join(', ')}</p>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
