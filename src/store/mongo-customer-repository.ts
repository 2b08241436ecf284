/** Customers collection: one document per customer, keyed by customerId. */
import type { Collection } from 'mongodb';
import { forInsert, withoutId } from './documents.js';
import { guard } from './mongo-errors.js';
import type { Customer, CustomerRepository } from './port.js';

export class MongoCustomerRepository implements CustomerRepository {
  constructor(private readonly collection: Collection<Customer>) {}

  async get(customerId: string): Promise<Customer | null> {
    const doc = await guard(() => this.collection.findOne({ customerId }));
    return doc === null ? null : withoutId(doc);
  }

  async upsert(customer: Customer): Promise<void> {
    await guard(() => this.collection.replaceOne({ customerId: customer.customerId }, forInsert(customer), { upsert: true }));
  }

  async insertMany(customers: Customer[]): Promise<void> {
    if (customers.length === 0) return;
    await guard(() => this.collection.insertMany(customers.map(forInsert), { ordered: true }));
  }

  count(): Promise<number> {
    return guard(() => this.collection.estimatedDocumentCount());
  }
}
