'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { zHandle, type AdminCollection } from '@shop/validators';
import { ConfirmDialog } from '~/components/confirm-dialog';
import { TextAreaField, TextField } from '~/components/form-fields';
import { ResultText, type GroupActionResult } from '../categories/group-controls';
import { createCollectionAction, deleteCollectionAction, updateCollectionAction } from './actions';

/** The form's fields; an empty handle on a new collection is made from the title. */
const zCollectionFields = z.object({
  title: z.string().trim().min(1, 'A collection needs a title').max(200, 'At most 200 characters'),
  handle: z.union([z.literal(''), zHandle]),
  description: z.string().trim().max(5000, 'At most 5000 characters'),
});
type CollectionFields = z.input<typeof zCollectionFields>;

/** A collection's title, handle and description: a new one (then its page opens) or an edit. */
export function CollectionForm({ collection }: { collection?: AdminCollection }) {
  const router = useRouter();
  const [result, setResult] = useState<GroupActionResult | null>(null);
  const form = useForm<CollectionFields>({
    resolver: zodResolver(zCollectionFields),
    defaultValues: {
      title: collection?.title ?? '',
      handle: collection?.handle ?? '',
      description: collection?.description ?? '',
    },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const handle = values.handle.trim();
    const answer = collection
      ? await updateCollectionAction({
          id: collection.id,
          title: values.title,
          description: values.description,
          ...(handle ? { handle } : {}),
        })
      : await createCollectionAction({
          title: values.title,
          handle,
          description: values.description,
        });
    setResult(answer);
    if (answer.ok && !collection) router.push(`/collections/${answer.id}`);
  });
  const prefix = collection ? `collection-${collection.id}` : 'new-collection';
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="max-w-2xl space-y-3"
      aria-label={collection ? 'Collection details' : 'New collection'}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          id={`${prefix}-title`}
          label="Title"
          autoComplete="off"
          error={errors.title?.message}
          {...form.register('title')}
        />
        <TextField
          id={`${prefix}-handle`}
          label={collection ? 'Handle' : 'Handle (empty: made from the title)'}
          autoComplete="off"
          className="input w-full font-mono"
          error={errors.handle?.message}
          {...form.register('handle')}
        />
      </div>
      <TextAreaField
        id={`${prefix}-description`}
        label="Description"
        rows={3}
        className="input w-full resize-y"
        error={errors.description?.message}
        {...form.register('description')}
      />
      <button type="submit" className="button-primary" disabled={isSubmitting}>
        {isSubmitting ? 'Saving…' : collection ? 'Save collection' : 'Create collection'}
      </button>
      <ResultText result={result} />
    </form>
  );
}

/** Deletes the collection (asked first); its products stay in the shop. */
export function DeleteCollection({ collection }: { collection: AdminCollection }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger="Delete collection"
      title={`Delete ${collection.title}?`}
      description={`Its ${collection.productCount} ${collection.productCount === 1 ? 'product stays' : 'products stay'} in the shop; only the collection and its order go. Links to /collections/${collection.handle} will answer “not found”.`}
      confirmLabel="Delete"
      pendingLabel="Deleting…"
      onConfirm={async () => {
        const answer = await deleteCollectionAction(collection.id);
        if (!answer.ok) return answer.message;
        router.push('/collections');
        return null;
      }}
    />
  );
}
