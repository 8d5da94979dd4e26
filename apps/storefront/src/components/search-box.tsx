'use client';

import Form from 'next/form';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { MAX_SEARCH_TEXT, type Suggestion } from '@shop/validators';
import { productPath, searchPath } from '~/lib/region';
import { SearchHighlight } from './search-highlight';

/** Long enough for a burst of keystrokes to become one request. */
const DEBOUNCE_MS = 150;
/** Fewer letters than this match too much to help. */
const MIN_SUGGEST_LENGTH = 2;
const SUGGESTION_LIMIT = 8;

/** A region's search page (`/us/search`): the page whose words the box shows. */
const SEARCH_PATH = /^\/[a-z]{2,8}\/search$/;

/**
 * The header's search box, holding the words of the search page it is on. Reading the URL's
 * query makes this part of the header render in the browser on static pages, so it sits in a
 * Suspense boundary (see `SiteHeader`) whose fallback is the same box, empty.
 */
export function SearchBoxFromUrl({ region }: { region: string }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const q = SEARCH_PATH.test(pathname) ? (params.get('q') ?? '') : '';
  return <SearchBox key={q} region={region} initialQuery={q.slice(0, MAX_SEARCH_TEXT)} />;
}

/** The suggestions for `q`, from the storefront API (a tRPC query over GET, superjson-framed). */
async function fetchSuggestions(q: string, signal: AbortSignal): Promise<Suggestion[]> {
  const input = encodeURIComponent(JSON.stringify({ json: { q, limit: SUGGESTION_LIMIT } }));
  const res = await fetch(`/api/trpc/storefront.search.suggest?input=${input}`, { signal });
  if (!res.ok) return [];
  const body = (await res.json()) as { result?: { data?: { json?: unknown } } };
  const list = body.result?.data?.json;
  return Array.isArray(list) ? (list as Suggestion[]) : [];
}

/**
 * A GET form to the region's search page, `/us/search` (it works without JavaScript) that suggests products as the shopper
 * types, following the WAI-ARIA combobox pattern with a listbox popup: arrows move through the
 * suggestions, Enter opens the highlighted product (or searches when none is highlighted),
 * Escape closes the list, and a polite live region says how many suggestions there are.
 * Requests wait for a pause in typing; a keystroke that changes the words aborts the older
 * request (one that leaves them as they were asks nothing), and an answer that is not for the
 * latest words is dropped.
 */
export function SearchBox({
  region,
  initialQuery = '',
}: {
  region: string;
  initialQuery?: string;
}) {
  const router = useRouter();
  const id = useId();
  const inputId = `${id}-input`;
  const listboxId = `${id}-listbox`;
  const optionId = (index: number) => `${id}-option-${index}`;

  const [value, setValue] = useState(initialQuery);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [announcement, setAnnouncement] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const request = useRef<AbortController | null>(null);
  const latest = useRef('');

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      request.current?.abort();
    },
    [],
  );

  function close() {
    setOpen(false);
    setActive(-1);
  }

  function cancelPending() {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    request.current?.abort();
    request.current = null;
  }

  function onInput(next: string) {
    setValue(next);
    setActive(-1);
    const q = next.replace(/\s+/g, ' ').trim().slice(0, MAX_SEARCH_TEXT);
    // The same words (a space typed, a space taken away): the request waiting, in flight or
    // answered for them stands; another would only ask again.
    if (q === latest.current && (timer.current !== null || request.current !== null)) return;
    cancelPending();
    latest.current = q;
    if (q.length < MIN_SUGGEST_LENGTH) {
      setSuggestions([]);
      setOpen(false);
      setAnnouncement('');
      return;
    }
    timer.current = setTimeout(() => {
      const controller = new AbortController();
      request.current = controller;
      fetchSuggestions(q, controller.signal)
        .then((list) => {
          // Typing went on while this was in flight: a later request answers instead.
          if (controller.signal.aborted || latest.current !== q) return;
          setSuggestions(list);
          setOpen(list.length > 0);
          setAnnouncement(
            list.length === 0
              ? 'No suggestions'
              : `${list.length} ${list.length === 1 ? 'suggestion' : 'suggestions'}`,
          );
        })
        .catch(() => {
          // Aborted or offline: the box still searches on Enter.
        });
    }, DEBOUNCE_MS);
  }

  function openSuggestion(suggestion: Suggestion) {
    cancelPending();
    close();
    setValue(suggestion.title);
    router.push(productPath(region, suggestion.handle));
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const count = suggestions.length;
    switch (event.key) {
      case 'ArrowDown':
        if (count === 0) return;
        event.preventDefault();
        setOpen(true);
        setActive((i) => (!open || i >= count - 1 ? 0 : i + 1));
        break;
      case 'ArrowUp':
        if (count === 0) return;
        event.preventDefault();
        setOpen(true);
        setActive((i) => (!open || i <= 0 ? count - 1 : i - 1));
        break;
      case 'Enter': {
        const chosen = open && active >= 0 ? suggestions[active] : undefined;
        if (chosen) {
          event.preventDefault();
          openSuggestion(chosen);
        } else {
          // The form submits: a search for the words.
          cancelPending();
          close();
        }
        break;
      }
      case 'Escape':
        if (open) {
          event.preventDefault();
          close();
        } else if (value !== '') {
          event.preventDefault();
          onInput('');
        }
        break;
      default:
        break;
    }
  }

  const expanded = open && suggestions.length > 0;

  return (
    <Form
      action={searchPath(region)}
      role="search"
      className="relative w-full"
      data-testid="search-box"
      onBlur={(event) => {
        // Focus moved out of the box (not onto one of its own parts): put the list away.
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) close();
      }}
    >
      <label htmlFor={inputId} className="sr-only">
        Search products
      </label>
      <div className="flex h-10 items-center rounded-sm border border-neutral-300 bg-white focus-within:border-neutral-600">
        <input
          id={inputId}
          type="search"
          name="q"
          value={value}
          onChange={(event) => onInput(event.target.value)}
          onKeyDown={onKeyDown}
          onFocus={() => {
            if (suggestions.length > 0 && latest.current !== '') setOpen(true);
          }}
          placeholder="Search"
          autoComplete="off"
          spellCheck={false}
          enterKeyHint="search"
          maxLength={MAX_SEARCH_TEXT}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listboxId}
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          className="h-full min-w-0 flex-1 rounded-sm bg-transparent px-3 text-sm text-neutral-900 placeholder:text-neutral-600 focus:outline-none [&::-webkit-search-cancel-button]:hidden"
        />
        <button
          type="submit"
          className="inline-flex h-full items-center px-3 text-neutral-700 hover:text-neutral-900"
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="none">
            <circle cx="8.5" cy="8.5" r="5.5" stroke="currentColor" strokeWidth="1.8" />
            <path d="m13 13 4 4" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
          <span className="sr-only">Search</span>
        </button>
      </div>
      <ul
        id={listboxId}
        role="listbox"
        aria-label="Suggestions"
        hidden={!expanded}
        data-testid="search-suggestions"
        className="absolute inset-x-0 top-full z-20 mt-1 max-h-80 overflow-y-auto rounded-sm border border-neutral-200 bg-white py-1 shadow-lg"
      >
        {suggestions.map((suggestion, index) => (
          <li
            key={suggestion.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            data-testid="search-suggestion"
            data-handle={suggestion.handle}
            // Keeps the focus in the input, so the list is still open when the click lands.
            onMouseDown={(event) => event.preventDefault()}
            onMouseEnter={() => setActive(index)}
            onClick={() => openSuggestion(suggestion)}
            className={`cursor-pointer px-3 py-2 text-sm text-neutral-800 ${
              index === active ? 'bg-neutral-100' : ''
            }`}
          >
            <SearchHighlight segments={suggestion.highlight} />
          </li>
        ))}
      </ul>
      <p role="status" aria-live="polite" className="sr-only" data-testid="search-announcement">
        {announcement}
      </p>
    </Form>
  );
}
