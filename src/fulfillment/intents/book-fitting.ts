import { randomUUID } from 'node:crypto';
import type { AppointmentRepository } from '../../store/port.js';
import { plainText, type FulfillmentResult, type IntentHandler } from '../intent-handler.js';

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
      ...fittingScript(date, time),
    };
  };
}

/**
 * The script variables of the booking (ssml/scripts/BookFitting.json): the date as yyyymmdd and the
 * time as spoken. No store: the booking has none, so only the variants without one are said.
 * Nothing when the slots are not an ISO date and a 24-hour time (the handler's own words stay).
 */
function fittingScript(date: string, time: string): Pick<FulfillmentResult, 'script'> {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const clock = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (day === null || clock === null) return {};
  const hours = Number(clock[1]);
  const minutes = clock[2] ?? '00';
  if (hours > 23) return {};
  const spoken = `${hours % 12 === 0 ? 12 : hours % 12}${minutes === '00' ? '' : `:${minutes}`} ${hours < 12 ? 'am' : 'pm'}`;
  return { script: { intent: 'BookFitting', variables: { date: `${day[1]}${day[2]}${day[3]}`, time: spoken } } };
}
