import { createImportJob, processImportJob } from '@shop/csv-io';
import { productFixture } from '@shop/csv-io/fixture';
import type { AdminProduct, ProductImage } from '@shop/validators';
import sharp from 'sharp';
import { handleImageUpload } from '../../src/edge/image-upload';
import { ENVIRONMENT, keep, recall, stateKey } from './state';
import type { MutationStep, ScenarioContext } from './types';

const PRODUCT = stateKey<AdminProduct>('catalog.product');
const IMAGES = stateKey<ProductImage[]>('catalog.images');

/** A small PNG of one colour: each colour is another file (uploads are keyed by content). */
const png = (red: number) =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: { r: red, g: 90, b: 30 } } })
    .png()
    .toBuffer();

/** Uploads through the admin's image route (`POST /api/products/<id>/images`), as the owner. */
async function upload(ctx: ScenarioContext, productId: number, red: number): Promise<ProductImage> {
  const env = recall(ctx, ENVIRONMENT);
  const response = await handleImageUpload(
    new Request(`http://admin.test/api/products/${productId}/images`, {
      method: 'POST',
      body: await png(red),
    }),
    String(productId),
    {
      db: ctx.db,
      storage: env.storage,
      getStaff: () => Promise.resolve(env.owner),
      logger: () => env.logger,
    },
  );
  if (response.status !== 201)
    throw new Error(`upload answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { image: ProductImage }).image;
}

/** A checked CSV import (uploaded to storage, its dry run done as the worker does it). */
async function checkedImport(ctx: ScenarioContext): Promise<number> {
  const { storage, owner } = recall(ctx, ENVIRONMENT);
  const text = [...productFixture({ rows: 2, offset: 7100 })].map((r) => r.text).join('');
  const storageKey = 'imports/audit-scenario.csv';
  await storage.put(storageKey, Buffer.from(text), { contentType: 'text/csv' });
  const job = await createImportJob(ctx.db, {
    filename: 'audit-scenario.csv',
    storageKey,
    bytes: Buffer.byteLength(text),
    createdBy: owner.id,
  });
  const checked = await processImportJob(ctx.db, storage, { importId: job.id, mode: 'plan' });
  if (checked.status !== 'checked') throw new Error(`the import's check ended ${checked.status}`);
  return job.id;
}

/** `admin.products.*` (with `images`) and `admin.imports.*`. */
export const steps: MutationStep[] = [
  {
    path: 'admin.products.create',
    run: async (ctx) =>
      keep(
        ctx,
        PRODUCT,
        await ctx.admin.products.create({
          title: 'Audit Scenario Lamp',
          options: [{ name: 'Size', values: ['S', 'M'] }],
          variants: ['S', 'M'].map((size) => ({
            optionValues: [size],
            sku: `AUDIT-LAMP-${size}`,
            prices: [{ currencyCode: 'USD', amount: 4500 }],
          })),
        }),
      ),
  },
  {
    path: 'admin.products.update',
    run: (ctx) =>
      ctx.admin.products.update({ id: recall(ctx, PRODUCT).id, title: 'Audit Scenario Lamp II' }),
  },
  {
    path: 'admin.products.images.reorder',
    run: async (ctx) => {
      const productId = recall(ctx, PRODUCT).id;
      const images = keep(ctx, IMAGES, [
        await upload(ctx, productId, 200),
        await upload(ctx, productId, 40),
      ]);
      return ctx.admin.products.images.reorder({
        productId,
        imageIds: images.map((i) => i.id).reverse(),
      });
    },
  },
  {
    path: 'admin.products.images.setAlt',
    run: (ctx) =>
      ctx.admin.products.images.setAlt({
        productId: recall(ctx, PRODUCT).id,
        imageId: recall(ctx, IMAGES)[0]?.id ?? 0,
        alt: 'A lamp, lit',
      }),
  },
  {
    path: 'admin.products.images.delete',
    run: (ctx) =>
      ctx.admin.products.images.delete({
        productId: recall(ctx, PRODUCT).id,
        imageId: recall(ctx, IMAGES)[1]?.id ?? 0,
      }),
  },
  {
    path: 'admin.products.archive',
    run: (ctx) => ctx.admin.products.archive({ id: recall(ctx, PRODUCT).id }),
  },
  {
    path: 'admin.imports.start',
    run: async (ctx) => ctx.admin.imports.start({ importId: await checkedImport(ctx) }),
  },
];
