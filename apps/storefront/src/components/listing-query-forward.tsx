'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

/**
 * On the static listing page, which never reads its query: a URL naming one of the listing's
 * options (`/us/c/shirts?size=M`, typed by hand or shared) moves to the filtered twin
 * (`/us/c/shirts/q?size=M`), keeping the whole query. The proxy does the same on the server for
 * the fixed parameters (`sort`, `min`, ...); option names are the merchant's, so only the page,
 * which knows its facets, can tell `?size=M` from a tracking tag. Renders an empty hidden marker
 * that says when the query has been looked at (`data-listing-forward="checked"`).
 */
export function ListingQueryForward({ target, params }: { target: string; params: string[] }) {
  const router = useRouter();
  const [checked, setChecked] = useState(false);
  const names = params.join('\n');
  useEffect(() => {
    const search = new URLSearchParams(window.location.search);
    const named = names.split('\n').some((p) => p !== '' && search.getAll(p).some((v) => v !== ''));
    if (named) router.replace(`${target}?${search.toString()}`);
    else setChecked(true);
  }, [router, target, names]);
  return <span hidden data-listing-forward={checked ? 'checked' : 'pending'} />;
}
