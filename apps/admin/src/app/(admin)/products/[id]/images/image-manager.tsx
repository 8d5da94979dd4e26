'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { zProductImageAltInput, type ProductImage } from '@shop/validators';
import {
  deleteImageAction,
  reorderImagesAction,
  setImageAltAction,
  type ImageActionResult,
} from './actions';
import { ConfirmDialog } from '~/components/confirm-dialog';
import { UploadForm } from './upload-form';

/** The small rendition for thumbnails (uploaded images); other URLs (placeholders) as they are. */
function thumbnailUrl(url: string, origin: string): string {
  const small = url.startsWith('/media/products/')
    ? url.replace(/\/w1600\.webp$/, '/w400.webp')
    : url;
  return small.startsWith('/') ? `${origin.replace(/\/$/, '')}${small}` : small;
}

function ResultLine({ result }: { result: ImageActionResult | null }) {
  if (!result) return null;
  return result.ok ? (
    <p role="status" className="text-success">
      {result.message}
    </p>
  ) : (
    <p role="alert" className="field-error">
      {result.message}
    </p>
  );
}

/**
 * The product's images in storefront order, each with its alt text, Up/Down (the whole order
 * is saved in one call, so a list from a stale page is refused rather than half-applied) and
 * Delete behind a confirmation.
 */
export function ImageManager({
  productId,
  productTitle,
  images,
  mediaOrigin,
  mayChange,
  maxBytes,
  maxImages,
}: {
  productId: number;
  productTitle: string;
  images: ProductImage[];
  mediaOrigin: string;
  mayChange: boolean;
  maxBytes: number;
  maxImages: number;
}) {
  const router = useRouter();
  const [order, setOrder] = useState(images);
  const [result, setResult] = useState<ImageActionResult | null>(null);
  const [pending, startTransition] = useTransition();
  useEffect(() => setOrder(images), [images]);

  const move = (index: number, by: -1 | 1) => {
    const next = [...order];
    const [item] = next.splice(index, 1);
    if (!item) return;
    next.splice(index + by, 0, item);
    startTransition(async () => {
      const answer = await reorderImagesAction(
        productId,
        next.map((i) => i.id),
      );
      setResult(answer);
      if (answer.ok && answer.images) setOrder(answer.images);
      router.refresh();
    });
  };

  return (
    <div className="space-y-4">
      {mayChange ? (
        <UploadForm
          productId={productId}
          maxBytes={maxBytes}
          disabled={order.length >= maxImages}
        />
      ) : null}
      <ResultLine result={result} />
      {order.length === 0 ? (
        <p className="text-neutral-600">
          No images yet: the storefront shows none for this product.
        </p>
      ) : (
        <ol className="space-y-3" aria-label="Images in storefront order">
          {order.map((image, index) => (
            <li
              key={image.id}
              className="flex flex-col gap-3 rounded-lg border border-neutral-200 bg-white p-3 sm:flex-row"
              data-testid="product-image"
            >
              <img
                src={thumbnailUrl(image.url, mediaOrigin)}
                alt={image.alt || productTitle}
                width={96}
                height={120}
                className="h-30 w-24 shrink-0 rounded-sm bg-neutral-100 object-cover"
              />
              <div className="flex-1 space-y-2">
                <p className="text-xs text-neutral-600">
                  {index + 1} of {order.length} · {image.width}×{image.height}
                  {image.storageKey ? '' : ' · not stored by the shop (demo image)'}
                </p>
                <AltForm productId={productId} image={image} disabled={!mayChange} />
              </div>
              {mayChange ? (
                <div className="flex gap-2 sm:flex-col">
                  <button
                    type="button"
                    className="button-secondary"
                    disabled={pending || index === 0}
                    aria-label={`Move image ${index + 1} up`}
                    onClick={() => move(index, -1)}
                  >
                    Up
                  </button>
                  <button
                    type="button"
                    className="button-secondary"
                    disabled={pending || index === order.length - 1}
                    aria-label={`Move image ${index + 1} down`}
                    onClick={() => move(index, 1)}
                  >
                    Down
                  </button>
                  <DeleteDialog productId={productId} image={image} position={index + 1} />
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

type AltValues = z.input<typeof zProductImageAltInput>;

function AltForm({
  productId,
  image,
  disabled,
}: {
  productId: number;
  image: ProductImage;
  disabled: boolean;
}) {
  const [result, setResult] = useState<ImageActionResult | null>(null);
  const form = useForm<AltValues, unknown, z.output<typeof zProductImageAltInput>>({
    resolver: zodResolver(zProductImageAltInput),
    defaultValues: { productId, imageId: image.id, alt: image.alt },
  });
  const { errors, isSubmitting, isDirty } = form.formState;
  const fieldId = `alt-${image.id}`;
  const onSubmit = form.handleSubmit(async (values) => {
    const answer = await setImageAltAction(values);
    setResult(answer);
    if (answer.ok) form.reset(values);
  });
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="space-y-1"
      aria-label={`Alt text of image ${image.id}`}
    >
      <label htmlFor={fieldId} className="block font-medium">
        Alt text
      </label>
      <div className="flex gap-2">
        <input
          id={fieldId}
          className="input"
          disabled={disabled}
          placeholder="What the picture shows (empty: the product's title)"
          aria-invalid={errors.alt ? true : undefined}
          aria-describedby={errors.alt ? `${fieldId}-error` : undefined}
          {...form.register('alt')}
        />
        {disabled ? null : (
          <button type="submit" className="button-secondary" disabled={isSubmitting || !isDirty}>
            {isSubmitting ? 'Saving…' : 'Save'}
          </button>
        )}
      </div>
      {errors.alt ? (
        <p id={`${fieldId}-error`} className="field-error">
          {errors.alt.message}
        </p>
      ) : null}
      <ResultLine result={result} />
    </form>
  );
}

function DeleteDialog({
  productId,
  image,
  position,
}: {
  productId: number;
  image: ProductImage;
  position: number;
}) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger="Delete"
      triggerLabel={`Delete image ${position}`}
      title={`Delete image ${position}?`}
      description={
        image.storageKey
          ? 'It leaves the storefront, and its files are removed. This cannot be undone; upload it again to bring it back.'
          : 'It leaves the storefront. This cannot be undone.'
      }
      confirmLabel="Delete image"
      pendingLabel="Deleting…"
      onConfirm={async () => {
        const answer = await deleteImageAction(productId, image.id);
        if (!answer.ok) return answer.message;
        router.refresh();
        return null;
      }}
    />
  );
}
