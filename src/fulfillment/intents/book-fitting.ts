import { randomUUID } from 'node:crypto';
import type { AppointmentRepository } from '../../store/port.js';
import { plainText, type IntentHandler } from '../intent-handler.js';

/** Books an in-store running-gait fitting at the date and time the dialog collected. */
export function bookFitting(appointments: AppointmentRepository): IntentHandler {
  return async ({ slots, identity, sessionId, context, now }) => {
    const date = slots.FittingDate;
    const time = slots.FittingTime;
    if (!date || !time) {
      return { state: 'Failed', messages: [plainText('I need a day and a time to book your fitting.')] };
    }
    const appointmentId = `apt-${randomUUID()}`;
    await appointments.insert({
      appointmentId,
      customerId: identity.userId,
      sessionId,
      kind: 'fitting',
      date,
      time,
      timeZone: context.timeZone ?? 'UTC',
      createdAt: now,
    });
    return {
      state: 'Fulfilled',
      messages: [plainText(`You're booked for a fitting on ${date} at ${time}. See you then!`)],
      sessionAttributes: { lastAppointmentId: appointmentId },
    };
  };
}
