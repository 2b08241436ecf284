/**
 * The demo store's vocabulary, shared by the catalogue generator and (by hand, kept in step) the
 * demo bot's slot types in bots/ParleyStore. Category and brand names here are the canonical
 * slot values; synonyms are what customers say.
 */
export interface CategoryVocabulary {
  name: string;
  synonyms: string[];
  /** Typical price range in USD, for generated items. */
  priceRange: [number, number];
  /** Nouns used to build item titles. */
  nouns: string[];
  /** Month (1-12) in which demand peaks; seasonality of the generated history. */
  peakMonth: number;
}

export const CATEGORIES: CategoryVocabulary[] = [
  { name: 'running shoes', synonyms: ['runners', 'running shoe', 'jogging shoes', 'trainers'], priceRange: [45, 220], nouns: ['Runner', 'Racer', 'Trainer', 'Glide'], peakMonth: 4 },
  { name: 'hiking boots', synonyms: ['hiking boot', 'trail boots', 'walking boots'], priceRange: [70, 260], nouns: ['Boot', 'Trekker', 'Summit Boot'], peakMonth: 6 },
  { name: 'sneakers', synonyms: ['sneaker', 'casual shoes', 'kicks'], priceRange: [35, 180], nouns: ['Sneaker', 'Court', 'Low'], peakMonth: 9 },
  { name: 'sandals', synonyms: ['sandal', 'flip flops', 'slides'], priceRange: [15, 90], nouns: ['Sandal', 'Slide', 'Flip'], peakMonth: 7 },
  { name: 'jackets', synonyms: ['jacket', 'coats', 'coat', 'raincoat'], priceRange: [50, 400], nouns: ['Jacket', 'Shell', 'Parka', 'Windbreaker'], peakMonth: 11 },
  { name: 't-shirts', synonyms: ['t-shirt', 'tee', 'tees', 'tshirts', 'shirts'], priceRange: [12, 60], nouns: ['Tee', 'Crew', 'Tank'], peakMonth: 6 },
  { name: 'leggings', synonyms: ['tights', 'yoga pants', 'legging'], priceRange: [20, 110], nouns: ['Legging', 'Tight', 'Capri'], peakMonth: 1 },
  { name: 'backpacks', synonyms: ['backpack', 'bags', 'daypack', 'rucksack'], priceRange: [25, 220], nouns: ['Pack', 'Daypack', 'Rucksack'], peakMonth: 8 },
  { name: 'watches', synonyms: ['watch', 'sports watch', 'smartwatch', 'gps watch'], priceRange: [60, 600], nouns: ['Watch', 'Tracker', 'Chrono'], peakMonth: 12 },
  { name: 'headphones', synonyms: ['earbuds', 'headphone', 'earphones'], priceRange: [20, 350], nouns: ['Buds', 'Headphones', 'Earbuds'], peakMonth: 12 },
  { name: 'socks', synonyms: ['sock', 'running socks'], priceRange: [6, 30], nouns: ['Sock', 'Crew Sock', 'No-Show'], peakMonth: 11 },
  { name: 'sunglasses', synonyms: ['shades', 'sunglass', 'sport glasses'], priceRange: [20, 250], nouns: ['Shades', 'Sunglasses', 'Frames'], peakMonth: 7 },
];

export const BRANDS: Array<{ name: string; synonyms: string[] }> = [
  { name: 'Stride', synonyms: ['stride lab'] },
  { name: 'Northpeak', synonyms: ['north peak'] },
  { name: 'Aerolite', synonyms: ['aero lite', 'aero'] },
  { name: 'Trailhawk', synonyms: ['trail hawk'] },
  { name: 'Velora', synonyms: [] },
  { name: 'Kinetic', synonyms: ['kinetic sport'] },
  { name: 'Summitline', synonyms: ['summit line'] },
  { name: 'Pacewell', synonyms: ['pace well'] },
  { name: 'Lumen', synonyms: [] },
  { name: 'Corebound', synonyms: ['core bound'] },
  { name: 'Driftwood', synonyms: ['drift wood'] },
  { name: 'Zephyr', synonyms: [] },
  { name: 'Ironbark', synonyms: ['iron bark'] },
  { name: 'Solace', synonyms: [] },
  { name: 'Tempo', synonyms: ['tempo athletics'] },
];
