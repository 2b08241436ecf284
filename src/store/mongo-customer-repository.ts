/** Customers collection: one document per customer, `_id` = customerId. */
import type { Collection } from 'mongodb';
import { keyed, withoutId, type Keyed } from './documents.js';
import { guard } from './mongo-errors.js';
import { forEachDocument } from './mongo-scan.js';
import type { Customer, CustomerRepository } from './port.js';

export class MongoCustomerRepository implements CustomerRepository {
  constructor(private readonly collection: Collection<Keyed<Customer>>) {}

  async get(customerId: string): Promise<Customer | null> {
    const doc = await guard(() => this.collection.findOne({ _id: customerId }));
    return doc === null ? null : withoutId(doc);
  }

  async upsert(customer: Customer): Promise<void> {
    const id = customer.customerId;
    await guard(() => this.collection.replaceOne({ _id: id }, keyed(customer, id), { upsert: true }));
  }

  async insertMany(customers: Customer[]): Promise<void> {
    if (customers.length === 0) return;
    const docs = customers.map((customer) => keyed(customer, customer.customerId));
    await guard(() => this.collection.insertMany(docs, { ordered: true }));
  }

  count(): Promise<number> {
    return guard(() => this.collection.estimatedDocumentCount());
  }

  forEach(visit: (customer: Customer) => void): Promise<number> {
    return forEachDocument(this.collection, visit);
  }
}
