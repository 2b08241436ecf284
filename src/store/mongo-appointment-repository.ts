/** Appointments collection (fittings booked in a conversation), a customer's newest first. */
import type { Collection } from 'mongodb';
import { forInsert, withoutId } from './documents.js';
import { guard } from './mongo-errors.js';
import type { Appointment, AppointmentRepository } from './port.js';

export class MongoAppointmentRepository implements AppointmentRepository {
  constructor(private readonly collection: Collection<Appointment>) {}

  async insert(appointment: Appointment): Promise<void> {
    await guard(() => this.collection.insertOne(forInsert(appointment)));
  }

  async forCustomer(customerId: string, limit: number): Promise<Appointment[]> {
    const docs = await guard(() =>
      this.collection.find({ customerId }).sort({ createdAt: -1, appointmentId: 1 }).limit(limit).toArray(),
    );
    return docs.map(withoutId);
  }
}
