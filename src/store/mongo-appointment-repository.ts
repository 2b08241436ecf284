/** Appointments collection (fittings booked in a conversation), `_id` = appointmentId. */
import type { Collection } from 'mongodb';
import { keyed, withoutId, type Keyed } from './documents.js';
import { guard } from './mongo-errors.js';
import type { Appointment, AppointmentRepository } from './port.js';

export class MongoAppointmentRepository implements AppointmentRepository {
  constructor(private readonly collection: Collection<Keyed<Appointment>>) {}

  async insert(appointment: Appointment): Promise<void> {
    await guard(() => this.collection.insertOne(keyed(appointment, appointment.appointmentId)));
  }

  /** A customer's newest first. A full scan on FerretDB/SQLite; indexed on MongoDB. */
  async forCustomer(customerId: string, limit: number): Promise<Appointment[]> {
    const docs = await guard(() =>
      this.collection.find({ customerId }).sort({ createdAt: -1, appointmentId: 1 }).limit(limit).toArray(),
    );
    return docs.map(withoutId);
  }
}
