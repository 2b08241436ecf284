/**
 * The Avro schemas of the three Personalize datasets Parley exports and imports. Column order in
 * the CSVs is the schema's field order, as a Personalize import job requires. Items and users
 * carry what the store knows of them within Personalize's limits (users: at most 5 metadata
 * fields; string metadata must be categorical or textual; `|` separates multiple values).
 */
export type AvroPrimitive = 'string' | 'long' | 'int' | 'float' | 'double' | 'boolean';

export interface AvroField {
  name: string;
  type: AvroPrimitive | [AvroPrimitive, 'null'];
  categorical?: boolean;
  textual?: boolean;
}

export interface AvroSchema {
  type: 'record';
  name: string;
  namespace: 'com.amazonaws.personalize.schema';
  fields: AvroField[];
  version: '1.0';
}

const NAMESPACE = 'com.amazonaws.personalize.schema';

export const INTERACTIONS_SCHEMA: AvroSchema = {
  type: 'record',
  name: 'Interactions',
  namespace: NAMESPACE,
  fields: [
    { name: 'USER_ID', type: 'string' },
    { name: 'ITEM_ID', type: 'string' },
    { name: 'TIMESTAMP', type: 'long' },
    { name: 'EVENT_TYPE', type: 'string' },
    { name: 'EVENT_VALUE', type: ['float', 'null'] },
    { name: 'RECOMMENDATION_ID', type: ['string', 'null'] },
    { name: 'SESSION_ID', type: ['string', 'null'], categorical: true },
  ],
  version: '1.0',
};

export const ITEMS_SCHEMA: AvroSchema = {
  type: 'record',
  name: 'Items',
  namespace: NAMESPACE,
  fields: [
    { name: 'ITEM_ID', type: 'string' },
    { name: 'TITLE', type: 'string', categorical: true },
    { name: 'CATEGORY', type: 'string', categorical: true },
    { name: 'SUBCATEGORY', type: ['string', 'null'], categorical: true },
    { name: 'BRAND', type: 'string', categorical: true },
    { name: 'PRICE', type: 'float' },
    { name: 'CURRENCY', type: 'string', categorical: true },
    { name: 'IMAGE_URL', type: ['string', 'null'], categorical: true },
    { name: 'DESCRIPTION', type: ['string', 'null'], textual: true },
    { name: 'KEYWORDS', type: 'string', categorical: true },
    { name: 'POPULARITY', type: 'float' },
    { name: 'CREATION_TIMESTAMP', type: 'long' },
  ],
  version: '1.0',
};

export const USERS_SCHEMA: AvroSchema = {
  type: 'record',
  name: 'Users',
  namespace: NAMESPACE,
  fields: [
    { name: 'USER_ID', type: 'string' },
    { name: 'LOYALTY_TIER', type: 'string', categorical: true },
    { name: 'DEVICE', type: 'string', categorical: true },
    { name: 'COUNTRY', type: 'string', categorical: true },
    { name: 'LOCALE', type: 'string', categorical: true },
    { name: 'MARKETING_CONSENT', type: 'string', categorical: true },
  ],
  version: '1.0',
};

export const DATASETS = [
  { name: 'interactions', schema: INTERACTIONS_SCHEMA },
  { name: 'items', schema: ITEMS_SCHEMA },
  { name: 'users', schema: USERS_SCHEMA },
] as const;

export type DatasetName = (typeof DATASETS)[number]['name'];
