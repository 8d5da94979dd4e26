'use server';

import { revalidatePath } from 'next/cache';
import { withAdminApi } from '~/lib/admin-action';
import { parseId } from '~/lib/ids';

export type SynonymActionResult =
  { ok: true; message: string; terms?: string[] } | { ok: false; message: string } | null;

/**
 * The words of the form's text: one group, words separated by commas or new lines. Blank
 * entries (a trailing comma) are dropped here; everything else (case, duplicates, bounds,
 * a word already in another group) is the router's to judge, with its sentences.
 */
function wordsOf(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((w) => w.trim())
    .filter((w) => w !== '');
}

/**
 * Saves a synonym group (a new one without `id`) through `admin.search.synonyms.save`, as the
 * signed-in staff member (no session: redirect to /sign-in). The router checks
 * `settings:write` and configures every search index; an index that could not take the change
 * is named in the message.
 */
export async function saveSynonyms(
  _previous: SynonymActionResult,
  form: FormData,
): Promise<SynonymActionResult> {
  const id = parseId(form.get('id')) ?? undefined;
  return withAdminApi('search settings change', async (api) => {
    const saved = await api.admin.search.synonyms.save({
      id,
      terms: wordsOf(String(form.get('terms') ?? '')),
    });
    revalidatePath('/settings/search');
    return {
      ok: true,
      message: savedMessage(saved.group.terms, saved.notApplied, id),
      terms: saved.group.terms,
    };
  });
}

export async function deleteSynonyms(
  _previous: SynonymActionResult,
  form: FormData,
): Promise<SynonymActionResult> {
  const id = parseId(form.get('id'));
  if (id === null) return { ok: false, message: 'No group to delete.' };
  return withAdminApi('search settings change', async (api) => {
    const { notApplied } = await api.admin.search.synonyms.delete({ id });
    revalidatePath('/settings/search');
    return { ok: true, message: `Group deleted.${lagging(notApplied)}` };
  });
}

function savedMessage(terms: string[], notApplied: string[], id: number | undefined): string {
  return `${id ? 'Saved' : 'Added'}: ${terms.join(', ')}.${lagging(notApplied)}`;
}

function lagging(notApplied: string[]): string {
  return notApplied.length === 0
    ? ''
    : ` ${notApplied.join(' and ')} did not take the change yet; the next reindex applies it.`;
}
