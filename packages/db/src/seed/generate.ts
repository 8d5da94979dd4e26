import { categoryTree, type CategorySeed, type LeafProfile } from './category-tree';
import {
  adjectives,
  vendors,
  closingSentences,
  imageViews,
  type CollectionHandle,
  type Colour,
} from './data';
import { productRandom, type Random } from './random';

export type Currency = 'USD' | 'EUR';
export type ProductStatus = 'draft' | 'active' | 'archived';

export interface PriceDraft {
  currencyCode: Currency;
  /** Minor units. */
  amount: number;
  /** Minor units, strictly above `amount`, or null when the variant is not on sale. */
  compareAtAmount: number | null;
}

export interface VariantDraft {
  sku: string;
  title: string;
  position: number;
  /** Option name to value, e.g. { Size: 'M', Colour: 'Black' }. */
  optionValues: ReadonlyArray<{ option: string; value: string }>;
  prices: readonly PriceDraft[];
  onHand: number;
}

export interface ProductDraft {
  number: number;
  handle: string;
  title: string;
  description: string;
  status: ProductStatus;
  createdAt: Date;
  vendor: string;
  productType: string;
  tags: readonly string[];
  categoryHandle: string;
  collections: ReadonlyArray<{ handle: CollectionHandle; position: number }>;
  options: ReadonlyArray<{ name: string; position: number; values: readonly string[] }>;
  variants: readonly VariantDraft[];
  images: ReadonlyArray<{ url: string; alt: string; position: number }>;
}

export interface Leaf {
  handle: string;
  /** Handle of the top-level category, e.g. `apparel`. */
  root: string;
  profile: LeafProfile;
}

/** The leaves of the category tree, in tree order; products are spread across them. */
export function listLeaves(tree: readonly CategorySeed[] = categoryTree): Leaf[] {
  const leaves: Leaf[] = [];
  const walk = (nodes: readonly CategorySeed[], root: string | undefined) => {
    for (const node of nodes) {
      if (node.profile) {
        leaves.push({ handle: node.handle, root: root ?? node.handle, profile: node.profile });
      }
      if (node.children) walk(node.children, root ?? node.handle);
    }
  };
  walk(tree, undefined);
  return leaves;
}

const BASE_DATE = Date.UTC(2024, 0, 1);
const CREATED_SPAN_MS = 540 * 24 * 3600 * 1000;
const MAX_VARIANTS = 12;
/** The first products always show up on the home page, so they are active and featured. */
const SHOWCASE = 8;

/**
 * Generates products in order. Handles are made unique by counting titles, so products must
 * be generated once each, from number 0 upwards; everything else depends only on the seed,
 * the product number and the catalog size.
 */
export class ProductGenerator {
  private readonly leaves = listLeaves();
  private readonly handleCounts = new Map<string, number>();

  constructor(
    private readonly seed: number,
    private readonly total: number,
  ) {}

  generate(number: number): ProductDraft {
    const rng = productRandom(this.seed, number);
    const leaf = rng.pick(this.leaves);
    const { profile } = leaf;
    const adjective = rng.pick(adjectives);
    const material = rng.pick(profile.materials);
    const noun = rng.pick(profile.nouns);
    const title = `${adjective} ${material} ${noun}`;

    const sizes = pickSizes(rng, profile.sizes);
    const colours = pickColours(rng, profile.colours, sizes.length);
    const options = [
      ...(sizes.length > 0 ? [{ name: 'Size', position: 0, values: sizes }] : []),
      ...(colours.length > 0
        ? [{ name: 'Colour', position: 1, values: colours.map((c) => c.name) }]
        : []),
    ];
    const onSale = rng.chance(0.12);
    const variants = buildVariants(rng, number, profile, sizes, colours, onSale);
    const status = this.pickStatus(rng, number);

    return {
      number,
      handle: this.uniqueHandle(title),
      title,
      description: describe(rng, adjective, material, noun, profile),
      status,
      createdAt: new Date(
        BASE_DATE + Math.floor((number * CREATED_SPAN_MS) / this.total) + rng.int(0, 86_399) * 1000,
      ),
      // Derived from what was drawn, not drawn themselves: the random sequence (and with it every
      // handle, SKU and price) stays what it was before products had these fields.
      vendor: vendors[(number * 7 + noun.length) % vendors.length] ?? 'Atelier North',
      productType: noun,
      tags: [...new Set([material.toLowerCase(), adjective.toLowerCase(), leaf.handle])].concat(
        onSale ? ['sale'] : [],
      ),
      categoryHandle: leaf.handle,
      collections: status === 'active' ? this.pickCollections(rng, number, leaf, onSale) : [],
      options,
      variants,
      images: buildImages(rng, number, title, noun, colours),
    };
  }

  private pickStatus(rng: Random, number: number): ProductStatus {
    const roll = rng.next();
    if (number < SHOWCASE) return 'active';
    if (roll < 0.02) return 'draft';
    if (roll < 0.03) return 'archived';
    return 'active';
  }

  private pickCollections(
    rng: Random,
    number: number,
    leaf: Leaf,
    onSale: boolean,
  ): ProductDraft['collections'] {
    const picked: Array<{ handle: CollectionHandle; position: number }> = [];
    if (number < SHOWCASE || rng.chance(0.04)) {
      picked.push({ handle: 'featured', position: number });
    }
    // The newest tenth of the catalog, newest first.
    if (number >= this.total - Math.max(12, Math.floor(this.total / 10))) {
      picked.push({ handle: 'new-arrivals', position: this.total - 1 - number });
    }
    if (onSale) picked.push({ handle: 'sale', position: number });
    if (['t-shirts', 'socks', 'hoodies', 'mugs'].includes(leaf.handle) && rng.chance(0.3)) {
      picked.push({ handle: 'essentials', position: number });
    }
    if (leaf.root !== 'apparel' && rng.chance(0.15)) {
      picked.push({ handle: 'gift-ideas', position: number });
    }
    return picked;
  }

  private uniqueHandle(title: string): string {
    const base = toHandle(title);
    const seen = (this.handleCounts.get(base) ?? 0) + 1;
    this.handleCounts.set(base, seen);
    // Titles hold no digits, so `base-2` can never be another title's base handle.
    return seen === 1 ? base : `${base}-${seen}`;
  }
}

export function toHandle(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A contiguous run of the size scale: most products come in S–L or wider. */
function pickSizes(rng: Random, scale: readonly string[]): string[] {
  if (scale.length === 0) return [];
  if (scale.length <= 3) return rng.chance(0.8) ? [...scale] : [rng.pick(scale)];
  const length = rng.int(3, scale.length);
  const start = rng.int(0, scale.length - length);
  return scale.slice(start, start + length);
}

function pickColours(rng: Random, choices: readonly Colour[], sizeCount: number): Colour[] {
  // Sized products sometimes come in a single, unnamed colour: then there is no Colour option.
  if (sizeCount > 0 && rng.chance(0.25)) return [];
  const cap = Math.min(4, Math.floor(MAX_VARIANTS / Math.max(1, sizeCount)), choices.length);
  const count = rng.int(1, cap);
  const start = rng.int(0, choices.length - 1);
  return Array.from({ length: count }, (_, i) => choices[(start + i) % choices.length]).filter(
    (c): c is Colour => c !== undefined,
  );
}

function buildVariants(
  rng: Random,
  number: number,
  profile: LeafProfile,
  sizes: readonly string[],
  colours: readonly Colour[],
  onSale: boolean,
): VariantDraft[] {
  const usd = pickUsd(rng, profile.priceUsd);
  const eur = pickEur(rng, usd);
  const salePercent = 120 + rng.int(0, 6) * 5;
  // Some sized products charge a little more for the largest size.
  const largeSurcharge = sizes.length > 2 && rng.chance(0.2) ? 500 : 0;
  const sizeAxis: ReadonlyArray<string | undefined> = sizes.length > 0 ? sizes : [undefined];
  const colourAxis: ReadonlyArray<Colour | undefined> = colours.length > 0 ? colours : [undefined];
  const productCode = `SKU-${String(number + 1).padStart(6, '0')}`;

  const variants: VariantDraft[] = [];
  for (const size of sizeAxis) {
    for (const colour of colourAxis) {
      const extra = size !== undefined && size === sizes[sizes.length - 1] ? largeSurcharge : 0;
      const optionValues = [
        ...(size !== undefined ? [{ option: 'Size', value: size }] : []),
        ...(colour !== undefined ? [{ option: 'Colour', value: colour.name }] : []),
      ];
      variants.push({
        sku: [productCode, size?.replace(/[^A-Z0-9]/g, ''), colour?.code].filter(Boolean).join('-'),
        title: optionValues.length > 0 ? optionValues.map((v) => v.value).join(' / ') : 'Default',
        position: variants.length,
        optionValues,
        prices: [
          price('USD', usd + extra, onSale, salePercent),
          price('EUR', eur + extra, onSale, salePercent),
        ],
        onHand: rng.chance(0.1) ? 0 : rng.int(1, 60),
      });
    }
  }
  return variants;
}

/** Whole dollars; from $50 up, prices end in 0 or 5 the way shops price them. */
function pickUsd(rng: Random, [min, max]: readonly [number, number]): number {
  const dollars = rng.int(min, max);
  return (dollars >= 50 ? Math.round(dollars / 5) * 5 : dollars) * 100;
}

/** The euro price is set on its own (a little below the dollar price), not converted. */
function pickEur(rng: Random, usdMinor: number): number {
  const euros = (usdMinor * (86 + rng.int(0, 14))) / 10_000;
  const step = euros >= 50 ? 5 : 1;
  return Math.max(1, Math.round(euros / step)) * step * 100;
}

function price(
  currencyCode: Currency,
  amount: number,
  onSale: boolean,
  salePercent: number,
): PriceDraft {
  // The pre-sale price is 120–150% of the amount, rounded up to a whole unit: always above it.
  const compareAtAmount = onSale ? Math.ceil((amount * salePercent) / 10_000) * 100 : null;
  return { currencyCode, amount, compareAtAmount };
}

function buildImages(
  rng: Random,
  number: number,
  title: string,
  noun: string,
  colours: readonly Colour[],
): ProductDraft['images'] {
  const count = rng.int(1, 4);
  return Array.from({ length: count }, (_, position) => {
    const colour = colours.length > 0 ? colours[position % colours.length] : undefined;
    const label = colour ? `${colour.name} ${noun}` : noun;
    const view = imageViews[position % imageViews.length] ?? 'front view';
    return {
      url: `/media/placeholder.svg?seed=${number * 4 + position}&label=${encodeURIComponent(label)}`,
      alt: colour ? `${title} in ${colour.name}, ${view}` : `${title}, ${view}`,
      position,
    };
  });
}

function describe(
  rng: Random,
  adjective: string,
  material: string,
  noun: string,
  profile: LeafProfile,
): string {
  return [
    `Our ${adjective.toLowerCase()} ${noun.toLowerCase()}, made from ${material.toLowerCase()}.`,
    rng.pick(profile.blurbs),
    rng.pick(closingSentences),
  ].join(' ');
}
