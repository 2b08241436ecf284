/**
 * Words for generated item titles and descriptions. Kept apart from vocabulary.ts because these
 * never become slot values: only the category and brand names there are canonical.
 */
export const TITLE_ADJECTIVES: readonly string[] = [
  'Swift', 'Ultra', 'Pro', 'Air', 'Flex', 'Storm', 'Alpine', 'Urban', 'Classic', 'Elite',
  'Lite', 'Max', 'Nova', 'Apex', 'Terra', 'Breeze', 'Pulse', 'Vento', 'Edge', 'Horizon',
  'Ridge', 'Echo', 'Fusion', 'Zen', 'Blaze', 'Cloud', 'Prime', 'Trek', 'Coastal', 'Metro',
];

/** Colourways appended to descriptions. */
export const COLOURS: readonly string[] = [
  'black', 'white', 'navy', 'charcoal', 'olive', 'sand', 'red', 'cobalt', 'forest green', 'grey',
  'coral', 'teal', 'burgundy', 'slate', 'mustard',
];

export interface CategoryWords {
  subcategories: readonly string[];
  /** Sentence fragments for descriptions; two are drawn per item. */
  features: readonly string[];
  /** Relative share of the catalogue and of customers' interest. */
  weight: number;
}

/** Keyed by the category's canonical name in vocabulary.ts; a test checks every category has one. */
export const CATEGORY_WORDS: Readonly<Record<string, CategoryWords>> = {
  'running shoes': {
    subcategories: ['road', 'trail', 'racing', 'stability', 'cushioned'],
    features: ['Responsive foam midsole', 'Breathable engineered mesh upper', 'Grippy rubber outsole', 'Reflective details for early runs', '8 mm heel-to-toe drop'],
    weight: 1.4,
  },
  'hiking boots': {
    subcategories: ['day hiking', 'backpacking', 'waterproof', 'lightweight'],
    features: ['Waterproof breathable membrane', 'Lugged outsole for loose ground', 'Padded ankle collar', 'Full-grain leather upper', 'Protective toe cap'],
    weight: 0.9,
  },
  sneakers: {
    subcategories: ['lifestyle', 'skate', 'retro', 'slip-on'],
    features: ['Soft suede overlays', 'Cushioned footbed', 'Vulcanized rubber sole', 'Padded tongue and collar', 'Everyday comfort'],
    weight: 1.2,
  },
  sandals: {
    subcategories: ['sport', 'slide', 'flip flop', 'walking'],
    features: ['Quick-drying straps', 'Contoured footbed', 'Adjustable buckle', 'Water-friendly sole', 'Arch support'],
    weight: 0.8,
  },
  jackets: {
    subcategories: ['rain', 'insulated', 'softshell', 'running', 'down'],
    features: ['Fully taped seams', 'Packs into its own pocket', 'Adjustable hood', 'Recycled insulation', 'Zippered hand pockets'],
    weight: 1.0,
  },
  't-shirts': {
    subcategories: ['training', 'cotton', 'merino', 'graphic'],
    features: ['Moisture-wicking fabric', 'Flatlock seams', 'Relaxed fit', 'Odour-resistant finish', 'Soft organic cotton'],
    weight: 1.3,
  },
  leggings: {
    subcategories: ['yoga', 'running', 'high-rise', 'thermal'],
    features: ['Four-way stretch', 'Hidden waistband pocket', 'Squat-proof fabric', 'Brushed inner face', 'Reflective logo'],
    weight: 0.9,
  },
  backpacks: {
    subcategories: ['daypack', 'commuter', 'hydration', 'travel'],
    features: ['Padded laptop sleeve', 'Water-resistant fabric', 'Ventilated back panel', 'Hip belt with pockets', 'Lifetime warranty'],
    weight: 0.9,
  },
  watches: {
    subcategories: ['gps', 'smart', 'analog', 'dive'],
    features: ['Two-week battery life', 'Wrist heart-rate sensor', 'Water resistant to 50 m', 'Sapphire crystal lens', 'Built-in GPS'],
    weight: 0.7,
  },
  headphones: {
    subcategories: ['wireless earbuds', 'over-ear', 'sport', 'noise cancelling'],
    features: ['Active noise cancelling', 'Sweat-resistant design', '30-hour battery', 'Secure-fit ear wings', 'Multipoint Bluetooth'],
    weight: 0.9,
  },
  socks: {
    subcategories: ['running', 'hiking', 'compression', 'everyday'],
    features: ['Cushioned heel and toe', 'Merino wool blend', 'Arch compression band', 'Seamless toe', 'Sold as a pair'],
    weight: 1.0,
  },
  sunglasses: {
    subcategories: ['sport', 'polarized', 'aviator', 'wraparound'],
    features: ['Polarized lenses', '100% UV protection', 'Lightweight frame', 'Anti-slip nose pads', 'Scratch-resistant coating'],
    weight: 0.7,
  },
};
