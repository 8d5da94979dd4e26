import { Fragment } from 'react';
import type { Highlight } from '@shop/validators';

/**
 * A title with the words the search found marked. The engine's segments are plain text and are
 * rendered as React text (escaped), never as HTML, so a title can hold any characters.
 */
export function SearchHighlight({ segments }: { segments: Highlight }) {
  return (
    <>
      {segments.map((segment, i) =>
        segment.match ? (
          <mark key={i} className="rounded-xs bg-amber-100 text-neutral-900">
            {segment.text}
          </mark>
        ) : (
          <Fragment key={i}>{segment.text}</Fragment>
        ),
      )}
    </>
  );
}
