'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { FormProvider, useForm, useFormContext } from 'react-hook-form';
import type {
  AdminProduct,
  ProductCreateInput,
  ProductEditorChoices,
  ProductUpdateInput,
} from '@shop/validators';
import { createProductAction, saveProductAction } from './actions';
import { ArchiveDialog } from './archive-dialog';
import { FieldMessage } from './field-message';
import {
  formValuesOf,
  productResolver,
  type ProductFormValues,
  type ProductSaveInput,
} from './form-model';
import { GroupPicker } from './group-picker';
import { OptionsEditor } from './options-editor';
import { VariantMatrix } from './variant-matrix';

function Card({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section
      aria-labelledby={id}
      className="space-y-3 rounded-lg border border-neutral-200 bg-white p-4"
    >
      <h2 id={id} className="font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A labelled text input registered with the form, its message beneath. */
function TextField({
  name,
  label,
  hint,
  multiline,
}: {
  name:
    | 'title'
    | 'handle'
    | 'description'
    | 'vendor'
    | 'productType'
    | 'tags'
    | 'seoTitle'
    | 'seoDescription';
  label: string;
  hint?: string;
  multiline?: boolean;
}) {
  const { register, formState } = useFormContext<ProductFormValues>();
  const message = formState.errors[name]?.message;
  const described = [hint ? `${name}-hint` : null, message ? `${name}-error` : null]
    .filter(Boolean)
    .join(' ');
  const props = {
    id: name,
    className: multiline ? 'input mt-1 resize-y' : 'input mt-1',
    'aria-invalid': message ? true : undefined,
    'aria-describedby': described || undefined,
    ...register(name),
  };
  return (
    <div>
      <label htmlFor={name} className="block font-medium">
        {label}
      </label>
      {multiline ? <textarea rows={5} {...props} /> : <input {...props} />}
      {hint ? (
        <p id={`${name}-hint`} className="mt-1 text-xs text-neutral-600">
          {hint}
        </p>
      ) : null}
      <FieldMessage id={`${name}-error`} message={message} />
    </div>
  );
}

/**
 * The product editor, for a new product (`product` null: `/products/new`) and a saved one:
 * general fields, options and the variant matrix they generate, status, SEO and organisation.
 * react-hook-form holds the inputs; the resolver validates with the router's zod schema, so
 * messages appear next to their fields before anything is sent. Ctrl/⌘+S saves.
 */
export function ProductEditor({
  product: initial,
  choices,
  storefrontUrl,
}: {
  product: AdminProduct | null;
  choices: ProductEditorChoices;
  storefrontUrl: string;
}) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [product, setProduct] = useState(initial);
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const { currencies } = choices;
  const form = useForm<ProductFormValues, unknown, ProductSaveInput>({
    resolver: productResolver(currencies, product?.id ?? null),
    defaultValues: formValuesOf(product, currencies),
  });
  const { isSubmitting } = form.formState;

  // Ctrl+S / Cmd+S saves instead of opening the browser's "Save page" dialog.
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
        event.preventDefault();
        formRef.current?.requestSubmit();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  useEffect(() => {
    const subscription = form.watch(() => setSaved(false));
    return () => subscription.unsubscribe();
  }, [form]);

  const onSubmit = form.handleSubmit(
    async (input) => {
      setFormError(null);
      try {
        const result = product
          ? await saveProductAction(input as ProductUpdateInput)
          : await createProductAction(input as ProductCreateInput);
        if (!result.ok) return setFormError(result.message);
        if (!product) {
          router.push(`/products/${result.product.id}?created=1`);
          return;
        }
        setProduct(result.product);
        form.reset(formValuesOf(result.product, currencies));
        setSaved(true);
        router.refresh();
      } catch {
        setFormError('Saving failed on the server. Your changes are still here; try again.');
      }
    },
    () => setFormError('Fix the highlighted fields, then save again.'),
  );

  const matrixError = form.formState.errors.root?.matrix?.message;
  const archived = product?.variants.filter((v) => v.archived) ?? [];
  return (
    <FormProvider {...form}>
      <form ref={formRef} onSubmit={onSubmit} className="space-y-6" noValidate>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h1 className="text-lg font-semibold">{product ? product.title : 'New product'}</h1>
            {product ? (
              <p className="font-mono text-xs text-neutral-600">
                {product.handle} · {product.status}
              </p>
            ) : null}
          </div>
          <div className="flex items-center gap-3">
            {product ? (
              <>
                <a
                  href={`${storefrontUrl}/p/${encodeURIComponent(product.handle)}`}
                  target="_blank"
                  rel="noopener noreferrer"
                  className="font-medium text-accent underline-offset-4 hover:underline"
                >
                  View in store
                </a>
                <ArchiveDialog
                  product={product}
                  onArchived={(next) => {
                    setProduct(next);
                    form.reset(formValuesOf(next, currencies));
                    router.refresh();
                  }}
                />
              </>
            ) : null}
            <button
              type="submit"
              className="button-primary"
              disabled={isSubmitting}
              aria-keyshortcuts="Control+S Meta+S"
            >
              {isSubmitting ? 'Saving…' : product ? 'Save' : 'Create product'}
            </button>
          </div>
        </div>

        {formError ? (
          <div
            role="alert"
            className="rounded-sm border border-danger bg-danger-soft px-3 py-2 text-danger"
          >
            {formError}
          </div>
        ) : null}

        <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
          <div className="min-w-0 space-y-6">
            <Card id="general-heading" title="General">
              <TextField name="title" label="Title" />
              <TextField
                name="handle"
                label="Handle"
                hint="The product's address: /p/handle. Leave empty to make it from the title. Old handles keep working: they redirect to the new one."
              />
              <TextField name="description" label="Description" multiline />
            </Card>

            <Card id="options-heading" title="Options">
              <OptionsEditor />
            </Card>

            <Card id="variants-heading" title="Variants">
              <p className="text-xs text-neutral-600">
                One per combination of option values. Prices in major units, e.g. 29.00; compare-at
                (the struck-through “was” price) is optional and must be higher.
              </p>
              {matrixError ? (
                <p role="alert" className="field-error">
                  {matrixError}
                </p>
              ) : null}
              <VariantMatrix
                currencies={currencies}
                archived={archived}
                skuBase={product?.handle ?? ''}
              />
            </Card>

            <Card id="images-heading" title="Images">
              {product ? (
                <p>
                  <Link
                    href={`/products/${product.id}/images`}
                    className="font-medium text-accent underline-offset-4 hover:underline"
                  >
                    Manage images
                  </Link>
                </p>
              ) : (
                <p className="text-neutral-600">Add images once the product is created.</p>
              )}
            </Card>

            <Card id="seo-heading" title="Search engines">
              <TextField name="seoTitle" label="SEO title" hint="Empty: the product's title." />
              <TextField
                name="seoDescription"
                label="SEO description"
                hint="Empty: the start of the description."
                multiline
              />
            </Card>
          </div>

          <div className="space-y-6">
            <Card id="status-heading" title="Status">
              <StatusSelect />
            </Card>
            <Card id="organisation-heading" title="Organisation">
              <TextField name="vendor" label="Vendor" />
              <TextField name="productType" label="Type" />
              <TextField name="tags" label="Tags" hint="Separated by commas." />
              <GroupPicker name="categoryIds" legend="Categories" groups={choices.categories} />
              <GroupPicker name="collectionIds" legend="Collections" groups={choices.collections} />
            </Card>
          </div>
        </div>

        <div
          role="status"
          aria-live="polite"
          className={`fixed right-4 bottom-4 rounded-sm bg-neutral-900 px-4 py-2 font-medium text-white shadow-lg transition-opacity ${
            saved ? 'opacity-100' : 'pointer-events-none opacity-0'
          }`}
        >
          {saved ? 'Saved' : ''}
        </div>
      </form>
    </FormProvider>
  );
}

function StatusSelect() {
  const { register } = useFormContext<ProductFormValues>();
  return (
    <div>
      <label htmlFor="status" className="block font-medium">
        Status
      </label>
      <select id="status" className="input mt-1" {...register('status')}>
        <option value="draft">Draft (hidden)</option>
        <option value="active">Active (on the storefront)</option>
        <option value="archived">Archived</option>
      </select>
    </div>
  );
}
