/** Fixed demo data: regions, the warehouse, the colour palette, collections and title words. */

export interface RegionSeed {
  code: string;
  name: string;
  currencyCode: 'USD' | 'EUR';
  taxInclusive: boolean;
  /** Basis points (2000 = 20%). */
  taxRateBp: number;
  isDefault: boolean;
  countries: readonly string[];
}

export const regionSeeds: readonly RegionSeed[] = [
  {
    code: 'us',
    name: 'United States',
    currencyCode: 'USD',
    taxInclusive: false,
    taxRateBp: 0,
    isDefault: true,
    countries: ['US', 'CA'],
  },
  {
    code: 'eu',
    name: 'Europe',
    currencyCode: 'EUR',
    taxInclusive: true,
    taxRateBp: 2000,
    isDefault: false,
    countries: ['DE', 'FR', 'NL', 'ES', 'IT', 'BE', 'AT', 'IE'],
  },
];

export const stockLocationSeed = { code: 'main', name: 'Main warehouse' } as const;

export interface Colour {
  name: string;
  /** Three letters used in SKUs; unique across the palette. */
  code: string;
}

export const palette = {
  black: { name: 'Black', code: 'BLK' },
  white: { name: 'White', code: 'WHT' },
  navy: { name: 'Navy', code: 'NVY' },
  grey: { name: 'Heather Grey', code: 'GRY' },
  charcoal: { name: 'Charcoal', code: 'CHR' },
  olive: { name: 'Olive', code: 'OLV' },
  sand: { name: 'Sand', code: 'SND' },
  cream: { name: 'Cream', code: 'CRM' },
  rust: { name: 'Rust', code: 'RST' },
  forest: { name: 'Forest Green', code: 'FOR' },
  sky: { name: 'Sky Blue', code: 'SKY' },
  burgundy: { name: 'Burgundy', code: 'BRG' },
  mustard: { name: 'Mustard', code: 'MST' },
  sage: { name: 'Sage', code: 'SAG' },
  terracotta: { name: 'Terracotta', code: 'TRC' },
  indigo: { name: 'Indigo', code: 'IND' },
} satisfies Record<string, Colour>;

export interface CollectionSeed {
  handle: string;
  title: string;
  description: string;
}

export const collectionSeeds = [
  { handle: 'featured', title: 'Featured', description: 'Our favourite pieces this season.' },
  { handle: 'new-arrivals', title: 'New Arrivals', description: 'Just landed in the shop.' },
  { handle: 'sale', title: 'Sale', description: 'Reduced prices while stocks last.' },
  {
    handle: 'essentials',
    title: 'Everyday Essentials',
    description: 'The things we reach for every day.',
  },
  {
    handle: 'gift-ideas',
    title: 'Gift Ideas',
    description: 'Thoughtful gifts for people you like.',
  },
] as const satisfies readonly CollectionSeed[];

export type CollectionHandle = (typeof collectionSeeds)[number]['handle'];

/** Adjectives that read well in front of any noun in the catalog. */
/** Makers the demo products are spread across (a search field and a facet). */
export const vendors = [
  'Atelier North',
  'Harbour & Pine',
  'Fieldstone',
  'Kestrel Goods',
  'Marlow Supply',
  'Oak & Ember',
] as const;

export const adjectives = [
  'Classic',
  'Everyday',
  'Essential',
  'Heritage',
  'Modern',
  'Vintage',
  'Weekend',
  'Studio',
  'Coastal',
  'Urban',
  'Alpine',
  'Nordic',
  'Signature',
  'Original',
  'Simple',
  'Field',
  'Harbour',
  'Meadow',
  'Canyon',
  'Atlas',
  'Woodland',
  'Northern',
  'Heirloom',
  'Workshop',
] as const;

export const closingSentences = [
  'Designed to last for years, not seasons.',
  'Made in small batches by partners we have worked with for years.',
  'Ships plastic-free in recycled packaging.',
  'Backed by our two-year quality promise.',
  'Free returns within 30 days if it is not quite right.',
] as const;

export const imageViews = ['front view', 'back view', 'detail', 'in use'] as const;
