/**
 * `parley export personalize` / `import personalize` through the real store: a round trip between
 * two databases, re-import adding nothing, and bad lines reported with their line numbers.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INTERACTIONS_SCHEMA, exportDatasets, importDatasets } from '../../../src/recommend/index.js';
import type { Customer, Interaction, Item, Store } from '../../../src/store/port.js';
import { openTestStore, type TestStore } from '../../helpers/mongo.js';

const opened: TestStore[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function freshStore(): Promise<Store> {
  const test = await openTestStore();
  opened.push(test);
  return test.store;
}

const NOW = new Date('2026-11-01T12:00:00Z');

function item(n: number, extra: Partial<Item> = {}): Item {
  return {
    itemId: `item-${n}`,
    title: `Trail runner ${n}`,
    category: n % 2 === 0 ? 'shoes' : 'jackets',
    brand: 'Northwind',
    price: 49.5 + n,
    currency: 'USD',
    keywords: ['trail', 'runner', `n${n}`],
    popularity: n * 3,
    createdAt: new Date('2026-01-02T03:04:05Z'),
    ...extra,
  };
}

function customer(id: string, extra: Partial<Customer> = {}): Customer {
  return {
    customerId: id,
    name: { first: 'Ada', last: 'L' },
    locale: 'en_US',
    timeZone: 'America/New_York',
    usualDevice: 'mobile',
    geo: { country: 'US', region: 'NY', city: 'New York' },
    loyaltyTier: 'gold',
    marketingConsent: true,
    createdAt: new Date('2025-05-05T00:00:00Z'),
    ...extra,
  };
}

function event(n: number, customerId: string, itemId: string, extra: Partial<Interaction> = {}): Interaction {
  return { interactionId: `e${n}`, customerId, itemId, eventType: 'click', at: new Date(NOW.getTime() - n * 60_000), ...extra };
}

async function seed(store: Store): Promise<void> {
  await store.items.insertMany([
    // Commas, quotes and a line break survive the CSV.
    item(1, { subcategory: 'waterproof, "storm"', description: 'Line one,\nline "two"', imageUrl: 'https://img.example/1.jpg' }),
    item(2),
    item(3, { subcategory: 'light' }),
  ]);
  await store.customers.insertMany([customer('c1'), customer('c2', { loyaltyTier: 'none', usualDevice: 'desktop', marketingConsent: false, geo: { country: 'DE', region: 'BE', city: 'Berlin' }, locale: 'de_DE' })]);
  await store.interactions.insertMany([
    event(1, 'c1', 'item-1'),
    event(2, 'c1', 'item-2', { eventType: 'purchase', eventValue: 51.5, recommendationId: 'rid-1', sessionId: 's-1' }),
    event(3, 'c2', 'item-3', { eventType: 'add-to-cart' }),
    // The same click twice in the same second: two records, both kept.
    event(4, 'c2', 'item-1'),
    { ...event(4, 'c2', 'item-1'), interactionId: 'e4b' },
    // A thumbs-up about a reply names no item: not a Personalize interaction.
    event(5, 'c2', '', { eventType: 'thumbs-up' }),
  ]);
}

function comparable(i: Interaction): string {
  return JSON.stringify([i.customerId, i.itemId, Math.floor(i.at.getTime() / 1000), i.eventType, i.eventValue ?? null, i.recommendationId ?? null, i.sessionId ?? null]);
}

async function interactionsOf(store: Store): Promise<string[]> {
  const all: Interaction[] = [];
  await store.interactions.forEach((i) => void all.push(i));
  return all.filter((i) => i.itemId !== '').map(comparable).sort();
}

describe('Personalize dataset export and import', () => {
  it('round-trips interactions, items and users between two stores', async () => {
    const source = await freshStore();
    await seed(source);
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-pz-'));
    expect(await exportDatasets(source, dir)).toEqual({ interactions: 5, items: 3, users: 2 });

    const header = (await readFile(path.join(dir, 'interactions.csv'), 'utf8')).split('\n')[0];
    expect(header).toBe('USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE,RECOMMENDATION_ID,SESSION_ID');
    expect(JSON.parse(await readFile(path.join(dir, 'interactions.schema.json'), 'utf8'))).toEqual(INTERACTIONS_SCHEMA);
    expect(JSON.parse(await readFile(path.join(dir, 'users.schema.json'), 'utf8')).fields.length).toBeLessThanOrEqual(6);

    const target = await freshStore();
    const summary = await importDatasets(target, dir, { now: () => NOW });
    expect(summary.interactions).toEqual({ read: 5, inserted: 5, alreadyPresent: 0 });
    expect(summary.items).toEqual({ read: 3, inserted: 3, alreadyPresent: 0 });
    expect(summary.users).toEqual({ read: 2, upserted: 2 });

    expect(await interactionsOf(target)).toEqual(await interactionsOf(source));
    const items = await target.items.getMany(['item-1', 'item-2', 'item-3']);
    const original = await source.items.getMany(['item-1', 'item-2', 'item-3']);
    expect(items.sort((a, b) => a.itemId.localeCompare(b.itemId))).toEqual(original.sort((a, b) => a.itemId.localeCompare(b.itemId)));
    const c2 = await target.customers.get('c2');
    expect(c2).toMatchObject({ loyaltyTier: 'none', usualDevice: 'desktop', marketingConsent: false, locale: 'de_DE', geo: { country: 'DE' } });

    // Importing the same files again adds nothing.
    const again = await importDatasets(target, dir, { now: () => NOW });
    expect(again.interactions).toEqual({ read: 5, inserted: 0, alreadyPresent: 5 });
    expect(again.items).toEqual({ read: 3, inserted: 0, alreadyPresent: 3 });
    expect((await interactionsOf(target)).length).toBe(5);
  });

  it('reports every bad line with its number and imports nothing, unless told to skip them', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-pz-bad-'));
    await writeFile(path.join(dir, 'interactions.schema.json'), JSON.stringify(INTERACTIONS_SCHEMA));
    const future = Math.floor(NOW.getTime() / 1000) + 3600;
    await writeFile(
      path.join(dir, 'interactions.csv'),
      [
        'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE,RECOMMENDATION_ID,SESSION_ID',
        'u1,i1,1700000000,click,,,',
        'garbage line without enough fields',
        'u1,i2,yesterday,click,,,',
        `u1,i3,${future},click,,,`,
        'u1,i4,1700000001,teleport,,,',
        'u2,i1,1700000002,purchase,19.5,rid-9,s-9',
      ].join('\n'),
    );
    const store = await freshStore();
    const failure = await importDatasets(store, dir, { now: () => NOW }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'PARLEY_RECOMMEND_IMPORT_BAD_LINES' });
    const message = (failure as Error).message;
    expect(message).toContain('interactions.csv line 3: expected 7 fields, found 1');
    expect(message).toContain('interactions.csv line 4: TIMESTAMP "yesterday" is not an integer');
    expect(message).toContain('interactions.csv line 5: TIMESTAMP');
    expect(message).toContain('in the future');
    expect(message).toContain('interactions.csv line 6: EVENT_TYPE "teleport"');
    expect(await interactionsOf(store)).toEqual([]);

    const skipped = await importDatasets(store, dir, { now: () => NOW, skipBadLines: true });
    expect(skipped.interactions.inserted).toBe(2);
    expect(skipped.badLines.map((b) => b.line)).toEqual([3, 4, 5, 6]);
    expect((await interactionsOf(store)).length).toBe(2);
  });

  it('refuses a header that does not match the schema, and a missing schema file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-pz-header-'));
    await writeFile(path.join(dir, 'interactions.csv'), 'USER_ID,ITEM_ID\nu1,i1\n');
    const store = await freshStore();
    await expect(importDatasets(store, dir)).rejects.toThrow(/no interactions.schema.json/);
    await writeFile(path.join(dir, 'interactions.schema.json'), JSON.stringify(INTERACTIONS_SCHEMA));
    await expect(importDatasets(store, dir)).rejects.toThrow(/missing column\(s\) TIMESTAMP, EVENT_TYPE/);
    await expect(importDatasets(store, path.join(dir, 'nothing-here'))).rejects.toThrow(/no dataset/);
  });
});
