/**
 * Amazon Personalize's runtime and events REST paths (restJson1), served from the local
 * recommender: POST /recommendations, /personalize-ranking, /events, /items, /users. Enabled by
 * PARLEY_PERSONALIZE_EMULATOR, so the real AWS SDK clients can be aimed at this service (the
 * adapter's contract tests do). Filter ARNs end in `filter/<name>`, a name of SLOT_FILTERS;
 * campaign, tracker and dataset ARNs are accepted as they are. Errors carry Personalize's
 * exception names in `x-amzn-errortype`, which is what the SDK reads.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { SLOT_FILTERS, type Recommender } from '../../recommend/index.js';
import type * as port from '../../recommend/port.js';
import { isParleyError } from '../../shared/errors.js';

/** PutItems takes records of up to 32,000 characters, 10 at a time. */
const BODY_LIMIT_BYTES = 512 * 1024;

type Body = Record<string, unknown>;

class InvalidInput extends Error {}
class NotFound extends Error {}

export function registerPersonalizeRoutes(app: FastifyInstance, recommender: Recommender): void {
  const route = (path: string, handle: (body: Body) => Promise<unknown>): void => {
    app.post(path, { bodyLimit: BODY_LIMIT_BYTES }, async (request, reply) => {
      try {
        const body = request.body;
        if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InvalidInput('The request body must be a JSON object');
        return (await handle(body as Body)) ?? {};
      } catch (error) {
        return sendError(reply, error, (err) => request.log.error({ err }, 'personalize emulator failed'));
      }
    });
  };

  route('/recommendations', async (body) => {
    if (body.campaignArn === undefined && body.recommenderArn === undefined) throw new InvalidInput('campaignArn or recommenderArn is required');
    const input: port.GetRecommendationsInput = {
      ...optionalString(body, 'userId'),
      ...optionalString(body, 'itemId'),
      ...(body.numResults === undefined ? {} : { numResults: number(body.numResults, 'numResults') }),
      ...context(body.context),
      ...filter(body),
      ...(body.promotions === undefined ? {} : { promotions: list(body.promotions, 'promotions').map(promotion) }),
    };
    return recommender.getRecommendations(input);
  });

  route('/personalize-ranking', async (body) => {
    requireString(body, 'campaignArn');
    return recommender.getPersonalizedRanking({
      userId: requireString(body, 'userId'),
      inputList: list(body.inputList, 'inputList').map((id, i) => stringAt(id, `inputList[${i}]`)),
      ...context(body.context),
      ...filter(body),
    });
  });

  route('/events', async (body) => {
    requireString(body, 'trackingId');
    await recommender.putEvents({
      sessionId: requireString(body, 'sessionId'),
      ...optionalString(body, 'userId'),
      eventList: list(body.eventList, 'eventList').map((raw, i) => event(object(raw, `eventList[${i}]`))),
    });
  });

  route('/items', async (body) => {
    requireString(body, 'datasetArn');
    await recommender.putItems(list(body.items, 'items').map((raw, i) => {
      const item = object(raw, `items[${i}]`);
      return { itemId: requireString(item, 'itemId'), ...optionalString(item, 'properties') };
    }));
  });

  route('/users', async (body) => {
    requireString(body, 'datasetArn');
    await recommender.putUsers(list(body.users, 'users').map((raw, i) => {
      const user = object(raw, `users[${i}]`);
      return { userId: requireString(user, 'userId'), ...optionalString(user, 'properties') };
    }));
  });
}

function sendError(reply: FastifyReply, error: unknown, logInternal: (error: unknown) => void): FastifyReply {
  const [status, type, message] =
    error instanceof InvalidInput
      ? [400, 'InvalidInputException', error.message]
      : error instanceof NotFound
        ? [404, 'ResourceNotFoundException', error.message]
        : isParleyError(error) && error.status === 400
          ? [400, 'InvalidInputException', `${error.code}: ${error.message}`]
          : [500, 'InternalFailure', 'The emulator failed'];
  if (status === 500) logInternal(error);
  return reply.code(status).header('x-amzn-errortype', type).send({ message });
}

/** A filter ARN's expression: the part after `filter/` names one of SLOT_FILTERS. */
function filterExpression(arn: unknown, field: string): string {
  const value = stringAt(arn, field);
  const name = /:filter\/(.+)$/.exec(value)?.[1];
  const expression = name === undefined ? undefined : SLOT_FILTERS[name];
  if (expression === undefined) throw new NotFound(`No filter with the ARN given in ${field}`);
  return expression;
}

function filter(body: Body): { filter?: string; filterValues?: Record<string, string> } {
  if (body.filterArn === undefined) return {};
  return { filter: filterExpression(body.filterArn, 'filterArn'), ...(body.filterValues === undefined ? {} : { filterValues: stringMap(body.filterValues, 'filterValues') }) };
}

function promotion(raw: unknown, i: number): port.Promotion {
  const value = object(raw, `promotions[${i}]`);
  return {
    name: requireString(value, 'name'),
    percentPromotedItems: number(value.percentPromotedItems, 'percentPromotedItems'),
    filter: filterExpression(value.filterArn, `promotions[${i}].filterArn`),
    ...(value.filterValues === undefined ? {} : { filterValues: stringMap(value.filterValues, `promotions[${i}].filterValues`) }),
  };
}

function event(value: Body): port.RecommendationEvent {
  return {
    eventType: requireString(value, 'eventType'),
    itemId: requireString(value, 'itemId'),
    // restJson1 sends timestamps as epoch seconds.
    sentAt: number(value.sentAt, 'sentAt'),
    ...optionalString(value, 'eventId'),
    ...optionalString(value, 'recommendationId'),
    ...optionalString(value, 'properties'),
    ...(value.eventValue === undefined ? {} : { eventValue: number(value.eventValue, 'eventValue') }),
    ...(value.impression === undefined ? {} : { impression: list(value.impression, 'impression').map((id, i) => stringAt(id, `impression[${i}]`)) }),
  };
}

function context(raw: unknown): { context?: Record<string, string> } {
  return raw === undefined ? {} : { context: stringMap(raw, 'context') };
}

function object(raw: unknown, field: string): Body {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidInput(`${field} must be an object`);
  return raw as Body;
}

function list(raw: unknown, field: string): unknown[] {
  if (!Array.isArray(raw)) throw new InvalidInput(`${field} must be a list`);
  return raw;
}

function stringAt(raw: unknown, field: string): string {
  if (typeof raw !== 'string') throw new InvalidInput(`${field} must be a string`);
  return raw;
}

function number(raw: unknown, field: string): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) throw new InvalidInput(`${field} must be a number`);
  return raw;
}

function requireString(body: Body, field: string): string {
  return stringAt(body[field], field);
}

function optionalString<K extends string>(body: Body, field: K): { [P in K]?: string } {
  return (body[field] === undefined ? {} : { [field]: stringAt(body[field], field) }) as { [P in K]?: string };
}

function stringMap(raw: unknown, field: string): Record<string, string> {
  const value = object(raw, field);
  for (const [key, entry] of Object.entries(value)) stringAt(entry, `${field}.${key}`);
  return value as Record<string, string>;
}
