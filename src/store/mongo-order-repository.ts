/** Orders collection, keyed by orderNumber; a customer's orders newest first. */
import type { Collection } from 'mongodb';
import { forInsert, withoutId } from './documents.js';
import { guard } from './mongo-errors.js';
import type { Order, OrderRepository } from './port.js';

export class MongoOrderRepository implements OrderRepository {
  constructor(private readonly collection: Collection<Order>) {}

  async get(orderNumber: string): Promise<Order | null> {
    const doc = await guard(() => this.collection.findOne({ orderNumber }));
    return doc === null ? null : withoutId(doc);
  }

  async insertMany(orders: Order[]): Promise<void> {
    if (orders.length === 0) return;
    await guard(() => this.collection.insertMany(orders.map(forInsert), { ordered: true }));
  }

  async forCustomer(customerId: string, limit: number): Promise<Order[]> {
    const docs = await guard(() =>
      this.collection.find({ customerId }).sort({ placedAt: -1, orderNumber: 1 }).limit(limit).toArray(),
    );
    return docs.map(withoutId);
  }
}
