/** The demo category tree: what each leaf sells, in which sizes, colours and price range. */
import { palette, type Colour } from './data';

const p = palette;
const apparelColours = [
  p.black,
  p.white,
  p.navy,
  p.grey,
  p.olive,
  p.sand,
  p.rust,
  p.forest,
  p.sky,
  p.burgundy,
];
const denimColours = [p.indigo, p.black, p.charcoal, p.sky];
const homeColours = [
  p.white,
  p.cream,
  p.sand,
  p.sage,
  p.terracotta,
  p.charcoal,
  p.mustard,
  p.forest,
];

export const apparelSizes = ['XS', 'S', 'M', 'L', 'XL'] as const;

/** What a leaf category sells: the words its titles are made of, its options and price range. */
export interface LeafProfile {
  nouns: readonly string[];
  materials: readonly string[];
  /** Ordered size scale; products take a contiguous run of it. Empty when there is no Size. */
  sizes: readonly string[];
  colours: readonly Colour[];
  /** Whole US dollars, inclusive. */
  priceUsd: readonly [number, number];
  blurbs: readonly string[];
}

export interface CategorySeed {
  handle: string;
  name: string;
  children?: readonly CategorySeed[];
  /** Only leaves carry a profile, and only leaves hold products. */
  profile?: LeafProfile;
}

export const categoryTree: readonly CategorySeed[] = [
  {
    handle: 'apparel',
    name: 'Apparel',
    children: [
      {
        handle: 'tops',
        name: 'Tops',
        children: [
          leaf('t-shirts', 'T-shirts', {
            nouns: ['Tee', 'Crew Tee', 'Pocket Tee', 'Long Sleeve Tee'],
            materials: ['Organic Cotton', 'Slub Cotton', 'Pima Cotton', 'Hemp'],
            sizes: apparelSizes,
            colours: apparelColours,
            priceUsd: [22, 48],
            blurbs: [
              'Cut for a relaxed fit that keeps its shape wash after wash.',
              'Pre-shrunk, with a ribbed collar that stays flat.',
            ],
          }),
          leaf('shirts', 'Shirts', {
            nouns: ['Oxford Shirt', 'Overshirt', 'Camp Shirt', 'Button-Down'],
            materials: ['Linen', 'Chambray', 'Flannel', 'Poplin'],
            sizes: apparelSizes,
            colours: apparelColours,
            priceUsd: [45, 110],
            blurbs: [
              'Corozo buttons and a longer back hem so it stays tucked in.',
              'Easy to wear open over a tee or buttoned up with chinos.',
            ],
          }),
          leaf('hoodies', 'Hoodies', {
            nouns: ['Hoodie', 'Zip Hoodie', 'Pullover Hoodie'],
            materials: ['Fleece', 'French Terry', 'Organic Cotton', 'Brushed Cotton'],
            sizes: apparelSizes,
            colours: apparelColours,
            priceUsd: [55, 120],
            blurbs: [
              'A double-layer hood and a kangaroo pocket big enough for a paperback.',
              'Brushed inside for warmth without bulk.',
            ],
          }),
          leaf('sweaters', 'Sweaters', {
            nouns: ['Crewneck Sweater', 'Cardigan', 'Roll Neck'],
            materials: ['Merino Wool', 'Lambswool', 'Cashmere Blend', 'Cotton Knit'],
            sizes: apparelSizes,
            colours: apparelColours,
            priceUsd: [70, 180],
            blurbs: [
              'Knitted on vintage machines for a soft, even handfeel.',
              'Warm enough for autumn on its own and fine enough to layer in winter.',
            ],
          }),
        ],
      },
      {
        handle: 'bottoms',
        name: 'Bottoms',
        children: [
          leaf('jeans', 'Jeans', {
            nouns: ['Jeans', 'Straight Jeans', 'Slim Jeans', 'Relaxed Jeans'],
            materials: ['Selvedge Denim', 'Stretch Denim', 'Raw Denim', 'Rigid Denim'],
            sizes: apparelSizes,
            colours: denimColours,
            priceUsd: [70, 160],
            blurbs: [
              'Woven on narrow looms and finished with chain-stitched hems.',
              'Fades to your own pattern the more you wear it.',
            ],
          }),
          leaf('shorts', 'Shorts', {
            nouns: ['Shorts', 'Chino Shorts', 'Swim Shorts', 'Running Shorts'],
            materials: ['Cotton Twill', 'Linen', 'Ripstop', 'Seersucker'],
            sizes: apparelSizes,
            colours: apparelColours,
            priceUsd: [35, 70],
            blurbs: [
              'A 7-inch inseam that sits just above the knee.',
              'Quick to dry and light enough to pack anywhere.',
            ],
          }),
          leaf('trousers', 'Trousers', {
            nouns: ['Chinos', 'Pleated Trousers', 'Drawstring Trousers'],
            materials: ['Cotton Twill', 'Wool Blend', 'Corduroy', 'Linen'],
            sizes: apparelSizes,
            colours: apparelColours,
            priceUsd: [65, 140],
            blurbs: [
              'A mid rise and a gently tapered leg.',
              'Smart enough for the office, comfortable enough for the weekend.',
            ],
          }),
        ],
      },
      {
        handle: 'outerwear',
        name: 'Outerwear',
        children: [
          leaf('jackets', 'Jackets', {
            nouns: ['Jacket', 'Chore Coat', 'Bomber', 'Rain Jacket'],
            materials: ['Waxed Cotton', 'Canvas', 'Recycled Nylon', 'Corduroy'],
            sizes: apparelSizes,
            colours: [p.black, p.navy, p.olive, p.sand, p.rust, p.forest],
            priceUsd: [120, 290],
            blurbs: [
              'Four pockets, taped seams and a collar that turns up against the wind.',
              'Built to be repaired rather than replaced.',
            ],
          }),
        ],
      },
    ],
  },
  {
    handle: 'accessories',
    name: 'Accessories',
    children: [
      leaf('bags', 'Bags', {
        nouns: ['Tote', 'Backpack', 'Weekender', 'Crossbody Bag'],
        materials: ['Canvas', 'Leather', 'Recycled Nylon', 'Waxed Canvas'],
        sizes: [],
        colours: [p.black, p.navy, p.olive, p.sand, p.rust, p.charcoal],
        priceUsd: [40, 240],
        blurbs: [
          'A padded sleeve fits a 15-inch laptop.',
          'Solid brass hardware and reinforced stress points.',
        ],
      }),
      leaf('hats', 'Hats', {
        nouns: ['Cap', 'Beanie', 'Bucket Hat'],
        materials: ['Wool', 'Cotton Twill', 'Merino Wool', 'Corduroy'],
        sizes: ['S/M', 'L/XL'],
        colours: apparelColours,
        priceUsd: [25, 55],
        blurbs: ['Shaped to sit comfortably all day.', 'Packs flat and springs back into shape.'],
      }),
      leaf('socks', 'Socks', {
        nouns: ['Crew Socks', 'Ankle Socks', 'Hiking Socks'],
        materials: ['Merino Wool', 'Organic Cotton', 'Bamboo'],
        sizes: ['S', 'M', 'L'],
        colours: apparelColours,
        priceUsd: [12, 28],
        blurbs: [
          'Cushioned soles and a reinforced heel and toe.',
          'Seamless toes, so nothing rubs on a long walk.',
        ],
      }),
    ],
  },
  {
    handle: 'home',
    name: 'Home',
    children: [
      {
        handle: 'kitchen',
        name: 'Kitchen',
        children: [
          leaf('mugs', 'Mugs & Cups', {
            nouns: ['Mug', 'Cup', 'Tumbler'],
            materials: ['Stoneware', 'Ceramic', 'Enamel', 'Glass'],
            sizes: [],
            colours: homeColours,
            priceUsd: [14, 38],
            blurbs: [
              'Holds a generous 350 ml and is dishwasher safe.',
              'Thrown and glazed by hand, so no two are quite alike.',
            ],
          }),
          leaf('tableware', 'Tableware', {
            nouns: ['Bowl', 'Plate', 'Serving Platter', 'Salad Bowl'],
            materials: ['Stoneware', 'Porcelain', 'Olive Wood', 'Oak'],
            sizes: [],
            colours: homeColours,
            priceUsd: [18, 85],
            blurbs: [
              'Sturdy enough for every day and handsome enough for guests.',
              'Microwave and dishwasher safe.',
            ],
          }),
        ],
      },
      {
        handle: 'decor',
        name: 'Decor',
        children: [
          leaf('candles', 'Candles', {
            nouns: ['Candle', 'Travel Candle', 'Pillar Candle'],
            materials: ['Soy Wax', 'Beeswax', 'Coconut Wax'],
            sizes: [],
            colours: [p.cream, p.sand, p.sage, p.charcoal, p.terracotta],
            priceUsd: [16, 48],
            blurbs: [
              'Burns cleanly for about 50 hours.',
              'Scented with essential oils, never synthetic fragrance.',
            ],
          }),
          leaf('cushions', 'Cushions', {
            nouns: ['Cushion Cover', 'Cushion', 'Bolster'],
            materials: ['Linen', 'Wool', 'Velvet', 'Boucle'],
            sizes: [],
            colours: homeColours,
            priceUsd: [35, 90],
            blurbs: [
              'A hidden zip and a feather insert that keeps its loft.',
              'Stonewashed for a lived-in softness from day one.',
            ],
          }),
          leaf('throws', 'Throws & Blankets', {
            nouns: ['Throw', 'Blanket'],
            materials: ['Wool', 'Cotton Waffle', 'Alpaca Blend', 'Mohair'],
            sizes: [],
            colours: homeColours,
            priceUsd: [70, 220],
            blurbs: [
              'Large enough to cover a three-seat sofa.',
              'Woven in a family-run mill and finished with fringed edges.',
            ],
          }),
        ],
      },
    ],
  },
];

function leaf(handle: string, name: string, profile: LeafProfile): CategorySeed {
  return { handle, name, profile };
}
