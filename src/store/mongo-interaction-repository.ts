/**
 * Interactions collection, `_id` = interactionId: events of a customer on an item, read back
 * newest first. forCustomer is a full scan on FerretDB/SQLite, which pushes down neither the
 * customerId filter nor an `_id` range (docs/storage.md); it is not on the turn path.
 */
import type { Collection } from 'mongodb';
import { keyed, withoutId, type Keyed } from './documents.js';
import { guard } from './mongo-errors.js';
import { forEachDocument } from './mongo-scan.js';
import type { Interaction, InteractionRepository } from './port.js';

export class MongoInteractionRepository implements InteractionRepository {
  constructor(private readonly collection: Collection<Keyed<Interaction>>) {}

  async insert(interaction: Interaction): Promise<void> {
    await guard(() => this.collection.insertOne(keyed(interaction, interaction.interactionId)));
  }

  async insertMany(interactions: Interaction[]): Promise<void> {
    if (interactions.length === 0) return;
    const docs = interactions.map((interaction) => keyed(interaction, interaction.interactionId));
    await guard(() => this.collection.insertMany(docs, { ordered: true }));
  }

  async forCustomer(customerId: string, limit: number): Promise<Interaction[]> {
    const docs = await guard(() =>
      this.collection.find({ customerId }).sort({ at: -1, interactionId: 1 }).limit(limit).toArray(),
    );
    return docs.map(withoutId);
  }

  forEach(visit: (interaction: Interaction) => void): Promise<number> {
    return forEachDocument(this.collection, visit);
  }

  count(): Promise<number> {
    return guard(() => this.collection.estimatedDocumentCount());
  }
}
