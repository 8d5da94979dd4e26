'use client';

import { useActionState, useEffect, useId, useState } from 'react';
import { ActionButton } from '~/components/action-button';
import { FormError, SubmitButton } from '~/components/form';
import { deleteSynonyms, saveSynonyms, type SynonymActionResult } from './actions';

/**
 * One group's form: new (no `group`) or editing one. The words are one text field, separated by
 * commas; the text is kept (controlled) when the server refuses it, so the merchant corrects it
 * instead of typing it again. The outcome is announced: errors as an alert tied to the field,
 * success as a status.
 */
export function SynonymGroupForm({ group }: { group?: { id: number; terms: string[] } }) {
  const [state, action, pending] = useActionState<SynonymActionResult, FormData>(
    saveSynonyms,
    null,
  );
  const initial = group ? group.terms.join(', ') : '';
  const [text, setText] = useState(initial);
  const fieldId = useId();
  const errorId = `${fieldId}-error`;
  const hintId = `${fieldId}-hint`;

  useEffect(() => {
    // A new group's field empties once it is added; an edited one shows the words as saved
    // (lower case, each once).
    if (state?.ok) setText(group ? (state.terms ?? []).join(', ') : '');
  }, [state, group]);

  const label = group ? `Words of the group “${group.terms.join(', ')}”` : 'New synonym group';
  const failed = state !== null && !state.ok;
  return (
    <form action={action} className="space-y-1" noValidate>
      {group ? <input type="hidden" name="id" value={group.id} /> : null}
      <label htmlFor={fieldId} className={group ? 'sr-only' : 'block font-medium'}>
        {label}
      </label>
      <div className="flex flex-wrap items-start gap-2">
        <input
          id={fieldId}
          name="terms"
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoComplete="off"
          placeholder={group ? undefined : 'sneakers, trainers, kicks'}
          className="input min-w-0 flex-1"
          aria-invalid={failed || undefined}
          aria-describedby={`${failed ? errorId : ''} ${group ? '' : hintId}`.trim() || undefined}
        />
        <SubmitButton
          pending={pending}
          label={group ? 'Save' : 'Add group'}
          pendingLabel="Saving…"
        />
      </div>
      {group ? null : (
        <p id={hintId} className="text-xs text-neutral-600">
          2 to 20 words, separated by commas; each one word of at most 50 characters. A word can be
          in one group only.
        </p>
      )}
      <FormError id={errorId} state={state} />
      {state?.ok ? (
        <p role="status" className="text-xs text-success">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}

export function DeleteSynonymGroup({ group }: { group: { id: number; terms: string[] } }) {
  return (
    <ActionButton
      action={deleteSynonyms}
      fields={{ id: group.id }}
      label="Delete"
      pendingLabel="Deleting…"
      ariaLabel={`Delete the group “${group.terms.join(', ')}”`}
    />
  );
}
