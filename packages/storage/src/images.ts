import { createHash } from 'node:crypto';
import path from 'node:path';
import sharp from 'sharp';
import type { Storage } from './types';

/** The widths stored beside each original, as WebP; the storefront's `url` is the largest. */
export const IMAGE_RENDITION_WIDTHS = [1600, 800, 400] as const;

/**
 * Images up to 40 megapixels (an 8K photo is 33): the pixels, not the bytes, bound the memory a
 * decode takes, and a small file can declare a huge canvas (a decompression bomb).
 */
const MAX_INPUT_PIXELS = 40_000_000;

/** The decoders accepted for uploads. SVG is not among them: it is a document that can carry script. */
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'avif', 'gif', 'tiff', 'heif']);

/** Bytes that do not decode as an accepted image: the uploader's mistake, answered 400. */
export class NotAnImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotAnImageError';
  }
}

export interface ProcessedImage {
  /** SHA-256 of the uploaded bytes, hex: the same file gives the same keys. */
  hash: string;
  original: { key: string; contentType: string; body: Buffer; width: number; height: number };
  renditions: { key: string; width: number; height: number; body: Buffer }[];
}

/**
 * Decodes `bytes` with sharp (so a text file named `.jpg` is refused, whatever its name or the
 * type the browser claimed), turns it upright by its EXIF orientation and re-encodes it without
 * metadata (camera serial numbers, GPS positions): the "original" stored is the uploaded picture
 * at full size in its own format (JPEG, PNG or WebP; others become PNG), plus one WebP per
 * `IMAGE_RENDITION_WIDTHS` (never enlarged). Keys live under `<prefix>/<hash>/`.
 */
export async function processImage(bytes: Buffer, prefix: string): Promise<ProcessedImage> {
  const input = () => sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
  let format: string | undefined;
  try {
    const meta = await input().metadata();
    format = meta.format;
    if (!meta.width || !meta.height) throw new Error('no dimensions');
  } catch (err) {
    if (err instanceof Error && /pixel limit/i.test(err.message)) {
      throw new NotAnImageError(
        `The image is too large: at most ${MAX_INPUT_PIXELS / 1_000_000} megapixels are accepted.`,
      );
    }
    throw new NotAnImageError('The file is not an image: upload a JPEG, PNG, WebP, AVIF or GIF.');
  }
  if (!format || !ACCEPTED_FORMATS.has(format)) {
    throw new NotAnImageError(
      `The file is not an image this shop accepts (${format ?? 'unknown'}): upload a JPEG, PNG, WebP, AVIF or GIF.`,
    );
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  const folder = `${prefix}/${hash}`;
  try {
    const kept = format === 'jpeg' || format === 'png' || format === 'webp' ? format : 'png';
    const original = await input()
      .rotate()
      .toFormat(kept, kept === 'png' ? {} : { quality: 90 })
      .toBuffer({ resolveWithObject: true });
    const renditions = [];
    for (const width of IMAGE_RENDITION_WIDTHS) {
      const out = await input()
        .rotate()
        .resize({ width, withoutEnlargement: true })
        .webp({ quality: 82 })
        .toBuffer({ resolveWithObject: true });
      renditions.push({
        key: renditionKey(folder, width),
        width: out.info.width,
        height: out.info.height,
        body: out.data,
      });
    }
    return {
      hash,
      original: {
        key: `${folder}/original.${kept === 'jpeg' ? 'jpg' : kept}`,
        contentType: `image/${kept}`,
        body: original.data,
        width: original.info.width,
        height: original.info.height,
      },
      renditions,
    };
  } catch (err) {
    // The header decoded but the pixels do not (a truncated or corrupt file).
    if (err instanceof NotAnImageError) throw err;
    throw new NotAnImageError('The file is not a readable image: it may be truncated or damaged.');
  }
}

function renditionKey(folder: string, width: number): string {
  return `${folder}/w${width}.webp`;
}

/** Every key `processImage` wrote for the image whose original is `originalKey`. */
export function imageKeys(originalKey: string): string[] {
  const folder = path.posix.dirname(originalKey);
  return [originalKey, ...IMAGE_RENDITION_WIDTHS.map((w) => renditionKey(folder, w))];
}

/** Stores an image's renditions first and its original last, so an original's presence means all are there. */
export async function storeImage(storage: Storage, image: ProcessedImage): Promise<void> {
  for (const r of image.renditions) await storage.put(r.key, r.body, { contentType: 'image/webp' });
  await storage.put(image.original.key, image.original.body, {
    contentType: image.original.contentType,
  });
}

/** Removes every object of an image; a failure is the caller's to log (the row is already gone). */
export async function deleteImage(storage: Storage, originalKey: string): Promise<void> {
  for (const key of imageKeys(originalKey)) await storage.delete(key);
}
