/** Interactions collection: events of a customer on an item, read back newest first. */
import type { Collection } from 'mongodb';
import { forInsert, withoutId } from './documents.js';
import { guard } from './mongo-errors.js';
import type { Interaction, InteractionRepository } from './port.js';

export class MongoInteractionRepository implements InteractionRepository {
  constructor(private readonly collection: Collection<Interaction>) {}

  async insert(interaction: Interaction): Promise<void> {
    await guard(() => this.collection.insertOne(forInsert(interaction)));
  }

  async insertMany(interactions: Interaction[]): Promise<void> {
    if (interactions.length === 0) return;
    await guard(() => this.collection.insertMany(interactions.map(forInsert), { ordered: true }));
  }

  async forCustomer(customerId: string, limit: number): Promise<Interaction[]> {
    const docs = await guard(() =>
      this.collection.find({ customerId }).sort({ at: -1, interactionId: 1 }).limit(limit).toArray(),
    );
    return docs.map(withoutId);
  }

  count(): Promise<number> {
    return guard(() => this.collection.estimatedDocumentCount());
  }
}
