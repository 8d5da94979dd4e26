import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { StaffMember } from '@shop/core';
import { queryRows } from '@shop/db/query';
import { captureLogger } from '@shop/logger/testing';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { createLocalStorage, type Storage } from '@shop/storage';
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiShop } from '../test/shop';
import { handleImageUpload, type ImageUploadDeps } from './edge/image-upload';
import { createAdminCaller, createAdminContext } from './index';

let tdb: TestDatabase;
let root: string;
let storage: Storage;
let productId: number;

const member = (role: StaffMember['role']): StaffMember => ({
  id: `staff-${role}`,
  email: `${role}@shop.local`,
  name: role,
  role,
});

const png = (width: number, height: number, r = 200) =>
  sharp({ create: { width, height, channels: 3, background: { r, g: 80, b: 40 } } })
    .png()
    .toBuffer();

function upload(
  body: Buffer | string | ReadableStream<Uint8Array> | null,
  options: {
    product?: string;
    role?: StaffMember['role'] | null;
    headers?: Record<string, string>;
    maxBytes?: number;
  } = {},
) {
  const role = options.role === undefined ? 'manager' : options.role;
  const deps: ImageUploadDeps = {
    db: tdb.db,
    storage,
    getStaff: () => Promise.resolve(role ? member(role) : null),
    logger: () => logger,
    maxBytes: options.maxBytes,
  };
  const product = options.product ?? String(productId);
  const req = new Request(`http://admin.test/api/products/${product}/images`, {
    method: 'POST',
    body,
    headers: options.headers,
    // A stream body needs this in Node's fetch.
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  return handleImageUpload(req, product, deps);
}

const { logger } = captureLogger();

async function storedFiles(): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string) {
    for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.push(path.relative(root, full));
    }
  }
  await walk(root);
  return out.sort();
}

const imageRows = () =>
  queryRows<{ id: number; position: number; storage_key: string | null; url: string; alt: string }>(
    tdb.db,
    sql`select id::int, position, storage_key, url, alt from product_images where product_id = ${productId} order by position`,
  );

const imageEvents = async () =>
  (
    await queryRows<{ payload: { fields: string[] } }>(
      tdb.db,
      sql`select payload from domain_events where type = 'product.updated' and (payload->>'productId')::int = ${productId}`,
    )
  ).filter((e) => e.payload.fields.includes('images'));

async function refusal(response: Response, status: number, sentence: RegExp) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { message: string };
  expect(body.message).toMatch(sentence);
  expect(await imageRows()).toEqual([]);
  expect(await storedFiles()).toEqual([]);
}

beforeAll(async () => {
  tdb = await createTestDatabase('image_upload');
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'shop-images-'));
  storage = createLocalStorage({ root });
});
afterAll(async () => {
  await tdb?.drop();
  await fs.rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  await tdb.db.execute(sql`truncate products, domain_events restart identity cascade`);
  await fs.rm(root, { recursive: true, force: true });
  const [row] = await queryRows<{ id: number }>(
    tdb.db,
    sql`insert into products (handle, title) values ('lamp', 'Lamp') returning id::int`,
  );
  productId = row?.id ?? 0;
});

describe('image upload', () => {
  it('stores the original and three WebP renditions, adds the image last and emits product.updated', async () => {
    const response = await upload(await png(2000, 1000), {
      headers: { 'x-image-alt': encodeURIComponent('A lamp, lit') },
    });
    expect(response.status).toBe(201);
    const { image } = (await response.json()) as {
      image: { url: string; width: number; height: number; alt: string };
    };
    expect(image).toMatchObject({ width: 1600, height: 800, alt: 'A lamp, lit' });
    expect(image.url).toMatch(
      new RegExp(`^/media/products/${productId}/[0-9a-f]{64}/w1600\\.webp$`),
    );
    const files = await storedFiles();
    expect(
      files
        .filter((f) => !f.endsWith('.type'))
        .map((f) => path.basename(f))
        .sort(),
    ).toEqual(['original.png', 'w1600.webp', 'w400.webp', 'w800.webp']);
    const small = await storage.get(image.url.replace('/media/', '').replace('w1600', 'w400'));
    expect(small?.contentType).toBe('image/webp');
    const meta = await sharp(Buffer.concat(await (small?.body.toArray() ?? []))).metadata();
    expect([meta.width, meta.height]).toEqual([400, 200]);
    expect(await imageEvents()).toHaveLength(1);

    const second = await upload(await png(300, 300, 10));
    expect(second.status).toBe(201);
    expect((await imageRows()).map((r) => r.position)).toEqual([0, 1]);
  });

  it('treats the same file sent twice (a double submit) as one image', async () => {
    const bytes = await png(500, 400);
    const [a, b] = await Promise.all([upload(bytes), upload(bytes)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(await imageRows()).toHaveLength(1);
    // A small image is never enlarged: every rendition is its own size.
    const { image } = (await a.json()) as { image: { width: number; height: number } };
    expect([image.width, image.height]).toEqual([500, 400]);
  });

  it('strips metadata (EXIF, GPS) and turns the picture upright', async () => {
    const jpeg = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#888' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExifMerge({ IFD0: { Copyright: 'secret camera owner' } })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    expect(jpeg.includes(Buffer.from('secret camera owner'))).toBe(true);
    const response = await upload(jpeg);
    expect(response.status).toBe(201);
    const [row] = await imageRows();
    const original = await storage.get(row?.storage_key ?? '');
    const bytes = Buffer.concat(await (original?.body.toArray() ?? []));
    const meta = await sharp(bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(bytes.includes(Buffer.from('secret camera owner'))).toBe(false);
    // Orientation 6 is a quarter turn: the stored picture is 40 wide, 60 high.
    expect([meta.width, meta.height]).toEqual([40, 60]);
  });

  it('refuses a text file named .jpg (400), storing nothing', async () => {
    await refusal(
      await upload('this is not a picture at all', { headers: { 'content-type': 'image/jpeg' } }),
      400,
      /not an image/,
    );
  });

  it('refuses an SVG (a document that can carry script) and a truncated PNG', async () => {
    await refusal(
      await upload(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
      ),
      400,
      /not an image this shop accepts \(svg\)/,
    );
    const whole = await png(400, 400);
    await refusal(
      await upload(whole.subarray(0, 200)),
      400,
      /not (a readable )?an? ?image|truncated/,
    );
  });

  it('refuses a small file declaring a huge canvas (a decompression bomb) before decoding its pixels', async () => {
    // 95 bytes whose header says 10,000 × 10,000 pixels: 100 megapixels, over the 40 allowed.
    const bomb = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAJxAAACcQCAAAAACfJT37AAAAEUlEQVR4nGNgGAWjYBQMdwAAA+gAAbOm00YAAAAASUVORK5CYII=',
      'base64',
    );
    await refusal(await upload(bomb), 400, /too large: at most 40 megapixels/);
  });

  it('refuses an empty upload (400)', async () => {
    await refusal(await upload(null), 400, /empty/);
  });

  it('refuses an upload over the limit (413), declared or streamed, storing nothing', async () => {
    const big = await png(200, 200);
    await refusal(await upload(big, { maxBytes: 100 }), 413, /at most 100 bytes/);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(big.subarray(0, 80));
        controller.enqueue(big.subarray(80));
        controller.close();
      },
    });
    await refusal(await upload(stream, { maxBytes: 100 }), 413, /too large/);
  });

  it('refuses a product that does not exist (404) or is not an id, storing nothing', async () => {
    await refusal(
      await upload(await png(20, 20), { product: '999999' }),
      404,
      /Product 999999 does not exist/,
    );
    await refusal(await upload(await png(20, 20), { product: '../etc' }), 404, /does not exist/);
  });

  it('refuses without a session (401) and a role without products:write (403), storing nothing', async () => {
    await refusal(await upload(await png(20, 20), { role: null }), 401, /Sign in/);
    await refusal(await upload(await png(20, 20), { role: 'support' }), 403, /products:write/);
  });

  it('refuses alt text over 300 characters (400)', async () => {
    await refusal(
      await upload(await png(20, 20), { headers: { 'x-image-alt': 'a'.repeat(301) } }),
      400,
      /at most 300 characters/,
    );
  });
});

describe('admin.products.images', () => {
  const admin = (role: StaffMember['role'] = 'manager') =>
    createAdminCaller(
      createAdminContext(apiShop(tdb, { storage }), {
        getStaff: () => Promise.resolve(member(role)),
      }),
    ).admin.products.images;

  async function threeImages() {
    for (const r of [10, 20, 30]) expect((await upload(await png(50, 50, r))).status).toBe(201);
    return (await imageRows()).map((row) => row.id);
  }

  async function failure(promise: Promise<unknown>) {
    try {
      await promise;
    } catch (err) {
      if (err instanceof TRPCError) return { code: err.code, message: err.message };
      throw err;
    }
    throw new Error('expected the call to fail');
  }

  it('reorders in one go, and refuses a stale or partial order without changing anything', async () => {
    const [a, b, c] = await threeImages();
    if (!a || !b || !c) throw new Error('three images expected');
    const before = (await imageEvents()).length;
    const reordered = await admin().reorder({ productId, imageIds: [c, a, b] });
    expect(reordered.map((i) => i.id)).toEqual([c, a, b]);
    expect((await imageEvents()).length).toBe(before + 1);

    expect(await failure(admin().reorder({ productId, imageIds: [a, b] }))).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await failure(admin().reorder({ productId, imageIds: [a, b, 424242] }))).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await failure(admin().reorder({ productId, imageIds: [a, a, b] }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect((await imageRows()).map((r) => r.id)).toEqual([c, a, b]);
  });

  it('sets alt text (trimmed), refusing another product’s image', async () => {
    const [a] = await threeImages();
    if (!a) throw new Error('an image expected');
    expect((await admin().setAlt({ productId, imageId: a, alt: '  Brass lamp  ' })).alt).toBe(
      'Brass lamp',
    );
    const [other] = await queryRows<{ id: number }>(
      tdb.db,
      sql`insert into products (handle, title) values ('other', 'Other') returning id::int`,
    );
    expect(
      await failure(admin().setAlt({ productId: other?.id ?? 0, imageId: a, alt: 'x' })),
    ).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('deletes the row and then its files; a second delete is NOT_FOUND', async () => {
    const [a, b] = await threeImages();
    if (!a || !b) throw new Error('images expected');
    const rows = await imageRows();
    const keyOfA = rows.find((r) => r.id === a)?.storage_key ?? '';
    expect(await storage.exists(keyOfA)).toBe(true);
    await admin().delete({ productId, imageId: a });
    expect(await storage.exists(keyOfA)).toBe(false);
    expect((await storedFiles()).filter((f) => f.includes(path.dirname(keyOfA)))).toEqual([]);
    expect((await imageRows()).map((r) => r.id)).not.toContain(a);
    expect(await failure(admin().delete({ productId, imageId: a }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    // The others' files are untouched.
    const keyOfB = rows.find((r) => r.id === b)?.storage_key ?? '';
    expect(await storage.exists(keyOfB)).toBe(true);
  });

  it('is closed to a role without products:write', async () => {
    const [a] = await threeImages();
    if (!a) throw new Error('an image expected');
    expect(await failure(admin('support').delete({ productId, imageId: a }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      await failure(admin('support').setAlt({ productId, imageId: a, alt: 'x' })),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await admin('support').list({ productId })).toHaveLength(3);
  });
});
