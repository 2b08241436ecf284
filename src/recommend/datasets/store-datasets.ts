/**
 * `parley export personalize` and `parley import personalize`: the store's interactions, items and
 * customers as Personalize dataset import files (CSV + Avro schema JSON per dataset), and back.
 * Import checks every line first and, unless told to skip bad lines, writes nothing when any is
 * bad; what is already in the store (same item, same interaction id) is skipped and counted.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '../../shared/errors.js';
import type { Customer, CustomerRepository, Device, Interaction, InteractionRepository, InteractionType, Item, ItemRepository, LoyaltyTier } from '../../store/port.js';
import { MAX_FUTURE_SKEW_MS } from '../port.js';
import { readCatalogueItems } from '../store-training-data.js';
import { checkSchemaFile, readDatasetCsv, writeDatasetCsv, type BadLine, type DatasetRecord } from './dataset-csv.js';
import { DATASETS, INTERACTIONS_SCHEMA, ITEMS_SCHEMA, USERS_SCHEMA, type AvroSchema, type DatasetName } from './schemas.js';

export interface DatasetStore {
  interactions: Pick<InteractionRepository, 'forEach' | 'insertMany' | 'insert'>;
  items: Pick<ItemRepository, 'search' | 'categories' | 'brands' | 'getMany' | 'insertMany'>;
  customers: Pick<CustomerRepository, 'forEach' | 'get' | 'upsert'>;
}

const EVENT_TYPES: readonly InteractionType[] = ['view', 'click', 'add-to-cart', 'purchase', 'rating', 'thumbs-up', 'thumbs-down'];
const DEVICES: readonly Device[] = ['mobile', 'desktop', 'tablet', 'kiosk'];
const TIERS: readonly LoyaltyTier[] = ['none', 'silver', 'gold', 'platinum'];
/** Personalize's limit on USER_ID and ITEM_ID. */
const MAX_ID_LENGTH = 256;
const BATCH = 1000;

export function csvFile(dir: string, dataset: DatasetName): string {
  return path.join(dir, `${dataset}.csv`);
}

export function schemaFile(dir: string, dataset: DatasetName): string {
  return path.join(dir, `${dataset}.schema.json`);
}

export interface ExportSummary {
  interactions: number;
  items: number;
  users: number;
}

function interactionRecord(i: Interaction): DatasetRecord {
  return {
    USER_ID: i.customerId,
    ITEM_ID: i.itemId,
    TIMESTAMP: Math.floor(i.at.getTime() / 1000),
    EVENT_TYPE: i.eventType,
    EVENT_VALUE: i.eventValue ?? null,
    RECOMMENDATION_ID: i.recommendationId ?? null,
    SESSION_ID: i.sessionId ?? null,
  };
}

function itemRecord(item: Item): DatasetRecord {
  return {
    ITEM_ID: item.itemId,
    TITLE: item.title,
    CATEGORY: item.category,
    SUBCATEGORY: item.subcategory ?? null,
    BRAND: item.brand,
    PRICE: item.price,
    CURRENCY: item.currency,
    IMAGE_URL: item.imageUrl ?? null,
    DESCRIPTION: item.description ?? null,
    KEYWORDS: item.keywords.join('|'),
    POPULARITY: item.popularity,
    CREATION_TIMESTAMP: Math.floor(item.createdAt.getTime() / 1000),
  };
}

function userRecord(customer: Customer): DatasetRecord {
  return {
    USER_ID: customer.customerId,
    LOYALTY_TIER: customer.loyaltyTier,
    DEVICE: customer.usualDevice,
    COUNTRY: customer.geo.country,
    LOCALE: customer.locale,
    MARKETING_CONSENT: customer.marketingConsent ? 'True' : 'False',
  };
}

/** Writes the three datasets to `dir` (created if missing). Thumbs about a reply name no item and are left out. */
export async function exportDatasets(store: DatasetStore, dir: string): Promise<ExportSummary> {
  await mkdir(dir, { recursive: true });
  const interactions: DatasetRecord[] = [];
  await store.interactions.forEach((i) => {
    if (i.itemId !== '') interactions.push(interactionRecord(i));
  });
  // A stable order: the same store gives the same files.
  interactions.sort((a, b) => Number(a['TIMESTAMP']) - Number(b['TIMESTAMP']) || String(a['USER_ID']).localeCompare(String(b['USER_ID'])) || String(a['ITEM_ID']).localeCompare(String(b['ITEM_ID'])));
  const items = (await readCatalogueItems(store.items)).sort((a, b) => a.itemId.localeCompare(b.itemId)).map(itemRecord);
  const users: DatasetRecord[] = [];
  await store.customers.forEach((c) => void users.push(userRecord(c)));
  users.sort((a, b) => String(a['USER_ID']).localeCompare(String(b['USER_ID'])));
  const write = async (name: DatasetName, schema: AvroSchema, records: DatasetRecord[]): Promise<void> => {
    await writeFile(csvFile(dir, name), writeDatasetCsv(schema, records));
    await writeFile(schemaFile(dir, name), `${JSON.stringify(schema, null, 2)}\n`);
  };
  await write('interactions', INTERACTIONS_SCHEMA, interactions);
  await write('items', ITEMS_SCHEMA, items);
  await write('users', USERS_SCHEMA, users);
  return { interactions: interactions.length, items: items.length, users: users.length };
}

export interface ImportOptions {
  /** Import the good lines and report the bad ones, instead of importing nothing. */
  skipBadLines?: boolean;
  now?: () => Date;
}

export interface FileBadLine extends BadLine {
  file: string;
}

export interface ImportSummary {
  interactions: { read: number; inserted: number; alreadyPresent: number };
  items: { read: number; inserted: number; alreadyPresent: number };
  users: { read: number; upserted: number };
  badLines: FileBadLine[];
}

type Checked<T> = { value: T } | { error: string };

function checkId(name: string, value: string): string | undefined {
  if (value.length > MAX_ID_LENGTH) return `${name} is longer than ${MAX_ID_LENGTH} characters`;
  return undefined;
}

function toInteraction(record: DatasetRecord, occurrence: number, nowMs: number): Checked<Interaction> {
  const customerId = String(record['USER_ID']);
  const itemId = String(record['ITEM_ID']);
  const eventType = String(record['EVENT_TYPE']) as InteractionType;
  const timestamp = Number(record['TIMESTAMP']);
  const idProblem = checkId('USER_ID', customerId) ?? checkId('ITEM_ID', itemId);
  if (idProblem !== undefined) return { error: idProblem };
  if (!EVENT_TYPES.includes(eventType)) return { error: `EVENT_TYPE "${eventType.slice(0, 40)}" is not one of ${EVENT_TYPES.join(', ')}` };
  if (timestamp < 0) return { error: 'TIMESTAMP is negative' };
  if (timestamp * 1000 > nowMs + MAX_FUTURE_SKEW_MS) return { error: `TIMESTAMP ${timestamp} is in the future` };
  // The same line content always gets the same id, so importing a file twice adds nothing.
  const key = [customerId, itemId, timestamp, eventType, occurrence].join('\u0000');
  const interaction: Interaction = {
    interactionId: `pz-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`,
    customerId,
    itemId,
    eventType,
    at: new Date(timestamp * 1000),
  };
  if (record['EVENT_VALUE'] !== null) interaction.eventValue = Number(record['EVENT_VALUE']);
  if (record['RECOMMENDATION_ID'] !== null) interaction.recommendationId = String(record['RECOMMENDATION_ID']);
  if (record['SESSION_ID'] !== null) interaction.sessionId = String(record['SESSION_ID']);
  return { value: interaction };
}

function toItem(record: DatasetRecord): Checked<Item> {
  const itemId = String(record['ITEM_ID']);
  const idProblem = checkId('ITEM_ID', itemId);
  if (idProblem !== undefined) return { error: idProblem };
  const price = Number(record['PRICE']);
  if (price < 0) return { error: 'PRICE is negative' };
  const created = Number(record['CREATION_TIMESTAMP']);
  if (created < 0) return { error: 'CREATION_TIMESTAMP is negative' };
  const item: Item = {
    itemId,
    title: String(record['TITLE']),
    category: String(record['CATEGORY']),
    brand: String(record['BRAND']),
    price,
    currency: String(record['CURRENCY']),
    keywords: String(record['KEYWORDS']).split('|').filter((k) => k !== ''),
    popularity: Number(record['POPULARITY']),
    createdAt: new Date(created * 1000),
  };
  if (record['SUBCATEGORY'] !== null) item.subcategory = String(record['SUBCATEGORY']);
  if (record['IMAGE_URL'] !== null) item.imageUrl = String(record['IMAGE_URL']);
  if (record['DESCRIPTION'] !== null) item.description = String(record['DESCRIPTION']);
  return { value: item };
}

interface UserFields {
  customerId: string;
  loyaltyTier: LoyaltyTier;
  usualDevice: Device;
  country: string;
  locale: string;
  marketingConsent: boolean;
}

function toUser(record: DatasetRecord): Checked<UserFields> {
  const customerId = String(record['USER_ID']);
  const idProblem = checkId('USER_ID', customerId);
  if (idProblem !== undefined) return { error: idProblem };
  const tier = String(record['LOYALTY_TIER']) as LoyaltyTier;
  if (!TIERS.includes(tier)) return { error: `LOYALTY_TIER "${tier.slice(0, 40)}" is not one of ${TIERS.join(', ')}` };
  const device = String(record['DEVICE']) as Device;
  if (!DEVICES.includes(device)) return { error: `DEVICE "${device.slice(0, 40)}" is not one of ${DEVICES.join(', ')}` };
  const consent = String(record['MARKETING_CONSENT']).toLowerCase();
  if (consent !== 'true' && consent !== 'false') return { error: 'MARKETING_CONSENT must be True or False' };
  return {
    value: { customerId, loyaltyTier: tier, usualDevice: device, country: String(record['COUNTRY']), locale: String(record['LOCALE']), marketingConsent: consent === 'true' },
  };
}

async function readDataset<T>(dir: string, name: DatasetName, schema: AvroSchema, convert: (record: DatasetRecord) => Checked<T>, bad: FileBadLine[]): Promise<T[] | undefined> {
  const file = csvFile(dir, name);
  if (!existsSync(file)) return undefined;
  const schemaPath = schemaFile(dir, name);
  if (!existsSync(schemaPath)) throw new ValidationError('PARLEY_RECOMMEND_CSV', `${path.basename(file)} has no ${path.basename(schemaPath)} beside it`);
  checkSchemaFile(await readFile(schemaPath, 'utf8'), schema, path.basename(schemaPath));
  const rows = readDatasetCsv(await readFile(file, 'utf8'), schema, path.basename(file));
  for (const b of rows.bad) bad.push({ file: path.basename(file), ...b });
  const values: T[] = [];
  for (const { line, record } of rows.records) {
    const checked = convert(record);
    if ('error' in checked) bad.push({ file: path.basename(file), line, message: checked.error });
    else values.push(checked.value);
  }
  return values;
}

function isDuplicate(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'PARLEY_STORE_DUPLICATE';
}

/** Loads the dataset files found in `dir` (at least one of the three) into the store. */
export async function importDatasets(store: DatasetStore, dir: string, options: ImportOptions = {}): Promise<ImportSummary> {
  if (!DATASETS.some((d) => existsSync(csvFile(dir, d.name)))) {
    throw new ValidationError('PARLEY_RECOMMEND_CSV', `no dataset in ${dir}: expected ${DATASETS.map((d) => `${d.name}.csv`).join(', ')}`);
  }
  const nowMs = (options.now ?? (() => new Date()))().getTime();
  const badLines: FileBadLine[] = [];
  const seen = new Map<string, number>();
  const interactions = await readDataset(dir, 'interactions', INTERACTIONS_SCHEMA, (record) => {
    const key = [record['USER_ID'], record['ITEM_ID'], record['TIMESTAMP'], record['EVENT_TYPE']].join('\u0000');
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return toInteraction(record, occurrence, nowMs);
  }, badLines);
  const items = await readDataset(dir, 'items', ITEMS_SCHEMA, toItem, badLines);
  const users = await readDataset(dir, 'users', USERS_SCHEMA, toUser, badLines);
  badLines.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  if (badLines.length > 0 && options.skipBadLines !== true) {
    const listed = badLines.slice(0, 20).map((b) => `${b.file} line ${b.line}: ${b.message}`).join('\n');
    throw new ValidationError('PARLEY_RECOMMEND_IMPORT_BAD_LINES', `${badLines.length} bad line(s); nothing was imported:\n${listed}${badLines.length > 20 ? `\n... and ${badLines.length - 20} more` : ''}`, {
      details: { badLines: badLines.slice(0, 100) },
    });
  }
  const summary: ImportSummary = {
    interactions: { read: interactions?.length ?? 0, inserted: 0, alreadyPresent: 0 },
    items: { read: items?.length ?? 0, inserted: 0, alreadyPresent: 0 },
    users: { read: users?.length ?? 0, upserted: 0 },
    badLines,
  };
  for (let start = 0; start < (items?.length ?? 0); start += BATCH) {
    const batch = (items ?? []).slice(start, start + BATCH);
    const present = new Set((await store.items.getMany(batch.map((i) => i.itemId))).map((i) => i.itemId));
    const fresh = batch.filter((i) => !present.has(i.itemId));
    await store.items.insertMany(fresh);
    summary.items.inserted += fresh.length;
    summary.items.alreadyPresent += batch.length - fresh.length;
  }
  for (const user of users ?? []) {
    const existing = await store.customers.get(user.customerId);
    const { country, ...fields } = user;
    const base: Customer = existing ?? {
      customerId: user.customerId,
      name: { first: '', last: '' },
      locale: user.locale,
      timeZone: 'UTC',
      usualDevice: user.usualDevice,
      geo: { country, region: '', city: '' },
      loyaltyTier: user.loyaltyTier,
      marketingConsent: user.marketingConsent,
      createdAt: new Date(nowMs),
    };
    await store.customers.upsert({ ...base, ...fields, geo: { ...base.geo, country } });
    summary.users.upserted++;
  }
  for (let start = 0; start < (interactions?.length ?? 0); start += BATCH) {
    const batch = (interactions ?? []).slice(start, start + BATCH);
    try {
      await store.interactions.insertMany(batch);
      summary.interactions.inserted += batch.length;
    } catch (error) {
      if (!isDuplicate(error)) throw error;
      // Part of this batch was imported before: one by one, counting what is there already.
      for (const interaction of batch) {
        try {
          await store.interactions.insert(interaction);
          summary.interactions.inserted++;
        } catch (single) {
          if (!isDuplicate(single)) throw single;
          summary.interactions.alreadyPresent++;
        }
      }
    }
  }
  return summary;
}
