/** Orders collection, `_id` = orderNumber; a customer's orders newest first. */
import type { Collection } from 'mongodb';
import { keyed, withoutId, type Keyed } from './documents.js';
import { guard } from './mongo-errors.js';
import type { Order, OrderRepository } from './port.js';

export class MongoOrderRepository implements OrderRepository {
  constructor(private readonly collection: Collection<Keyed<Order>>) {}

  async get(orderNumber: string): Promise<Order | null> {
    const doc = await guard(() => this.collection.findOne({ _id: orderNumber }));
    return doc === null ? null : withoutId(doc);
  }

  async insertMany(orders: Order[]): Promise<void> {
    if (orders.length === 0) return;
    const docs = orders.map((order) => keyed(order, order.orderNumber));
    await guard(() => this.collection.insertMany(docs, { ordered: true }));
  }

  /** A full scan on FerretDB/SQLite (only `_id` equality is pushed down); indexed on MongoDB. */
  async forCustomer(customerId: string, limit: number): Promise<Order[]> {
    const docs = await guard(() =>
      this.collection.find({ customerId }).sort({ placedAt: -1, orderNumber: 1 }).limit(limit).toArray(),
    );
    return docs.map(withoutId);
  }
}
