/**
 * The Recommender port on Amazon Personalize: the runtime (GetRecommendations,
 * GetPersonalizedRanking) and the event tracker (PutEvents, PutItems, PutUsers). The only home of
 * the Personalize SDK. One client pair per process, with a per-attempt timeout and the SDK's
 * standard retries; every SDK error is mapped to a ParleyError here. Filters are created in
 * Personalize ahead of time: an expression reaches the API as the ARN configured for it.
 */
import { PersonalizeEventsClient, PutEventsCommand, PutItemsCommand, PutUsersCommand } from '@aws-sdk/client-personalize-events';
import { GetPersonalizedRankingCommand, GetRecommendationsCommand, PersonalizeRuntimeClient, type PredictedItem } from '@aws-sdk/client-personalize-runtime';
import type { RecommenderSettings } from '../config.js';
import { ParleyError, UpstreamError, ValidationError } from '../shared/errors.js';
import { checkEvents, checkRecordBatch } from './local/request-validation.js';
import type * as port from './port.js';
import { SLOT_FILTERS } from './slot-filters.js';

export type PersonalizeSettings = RecommenderSettings['personalize'];

export interface PersonalizeClients {
  runtime: PersonalizeRuntimeClient;
  events: PersonalizeEventsClient;
}

export class PersonalizeRecommender implements port.Recommender {
  /** Filter expression -> the name it is configured under (SLOT_FILTERS). */
  readonly #namesByExpression = new Map(Object.entries(SLOT_FILTERS).map(([name, expression]) => [expression, name]));

  constructor(
    private readonly settings: PersonalizeSettings,
    private readonly clients: PersonalizeClients,
  ) {}

  /** One runtime and one events client for the process, aimed at `endpoint` when set. */
  static fromSettings(settings: PersonalizeSettings): PersonalizeRecommender {
    const common = {
      region: settings.region,
      maxAttempts: settings.maxAttempts,
      // Without throwOnRequestTimeout the handler only warns and the call hangs.
      requestHandler: { requestTimeout: settings.timeoutMs, connectionTimeout: settings.timeoutMs, throwOnRequestTimeout: true },
      ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    };
    return new PersonalizeRecommender(settings, { runtime: new PersonalizeRuntimeClient(common), events: new PersonalizeEventsClient(common) });
  }

  async getRecommendations(input: port.GetRecommendationsInput): Promise<port.RecommendationResponse> {
    const target = this.settings.recommenderArn === undefined ? { campaignArn: this.#required(this.settings.campaignArn, 'campaign ARN') } : { recommenderArn: this.settings.recommenderArn };
    const promotion = input.promotions?.[0];
    const output = await call(() =>
      this.clients.runtime.send(
        new GetRecommendationsCommand({
          ...target,
          ...(input.userId === undefined ? {} : { userId: input.userId }),
          ...(input.itemId === undefined ? {} : { itemId: input.itemId }),
          ...(input.numResults === undefined ? {} : { numResults: input.numResults }),
          ...(input.context === undefined ? {} : { context: { ...input.context } }),
          ...this.#filter(input.filter, input.filterValues),
          ...(promotion === undefined
            ? {}
            : {
                promotions: [
                  {
                    name: promotion.name,
                    percentPromotedItems: promotion.percentPromotedItems,
                    filterArn: this.#filterArn(promotion.filter),
                    ...(promotion.filterValues === undefined ? {} : { filterValues: { ...promotion.filterValues } }),
                  },
                ],
              }),
        }),
      ),
    );
    return { itemList: (output.itemList ?? []).map(predicted), recommendationId: output.recommendationId ?? '' };
  }

  async getPersonalizedRanking(input: port.GetPersonalizedRankingInput): Promise<port.PersonalizedRankingResponse> {
    const campaignArn = this.#required(this.settings.rankingCampaignArn ?? this.settings.campaignArn, 'ranking campaign ARN');
    const output = await call(() =>
      this.clients.runtime.send(
        new GetPersonalizedRankingCommand({
          campaignArn,
          userId: input.userId,
          inputList: [...input.inputList],
          ...(input.context === undefined ? {} : { context: { ...input.context } }),
          ...this.#filter(input.filter, input.filterValues),
        }),
      ),
    );
    return { personalizedRanking: (output.personalizedRanking ?? []).map(predicted), recommendationId: output.recommendationId ?? '' };
  }

  async putEvents(input: port.PutEventsInput): Promise<void> {
    // Checked here with the same rules as the local engine, so callers see the same codes; item
    // existence is Personalize's to judge.
    checkEvents(input, Date.now(), () => true);
    const trackingId = this.#required(this.settings.trackingId, 'tracking id');
    await call(() =>
      this.clients.events.send(
        new PutEventsCommand({
          trackingId,
          sessionId: input.sessionId,
          ...(input.userId === undefined ? {} : { userId: input.userId }),
          eventList: input.eventList.map((event) => ({
            eventType: event.eventType,
            itemId: event.itemId,
            sentAt: new Date(event.sentAt * 1000),
            ...(event.eventId === undefined ? {} : { eventId: event.eventId }),
            ...(event.eventValue === undefined ? {} : { eventValue: event.eventValue }),
            ...(event.recommendationId === undefined ? {} : { recommendationId: event.recommendationId }),
            ...(event.impression === undefined ? {} : { impression: [...event.impression] }),
            ...(event.properties === undefined ? {} : { properties: event.properties }),
          })),
        }),
      ),
    );
  }

  async putItems(items: readonly port.ItemRecord[]): Promise<void> {
    checkRecordBatch(items.length, 'putItems');
    const datasetArn = this.#required(this.settings.itemsDatasetArn, 'items dataset ARN');
    await call(() => this.clients.events.send(new PutItemsCommand({ datasetArn, items: items.map((item) => ({ ...item })) })));
  }

  async putUsers(users: readonly port.UserRecord[]): Promise<void> {
    checkRecordBatch(users.length, 'putUsers');
    const datasetArn = this.#required(this.settings.usersDatasetArn, 'users dataset ARN');
    await call(() => this.clients.events.send(new PutUsersCommand({ datasetArn, users: users.map((user) => ({ ...user })) })));
  }

  /** Personalize answers item affinity only as a batch segment job, never online. */
  async getItemAffinity(): Promise<port.ItemAffinityResponse> {
    throw new ValidationError('PARLEY_RECOMMEND_UNSUPPORTED', 'Item affinity is a batch segment job on Personalize; use the local engine for it online');
  }

  #filter(expression: string | undefined, filterValues: Readonly<Record<string, string>> | undefined): { filterArn?: string; filterValues?: Record<string, string> } {
    if (expression === undefined) return {};
    return { filterArn: this.#filterArn(expression), ...(filterValues === undefined ? {} : { filterValues: { ...filterValues } }) };
  }

  #filterArn(expression: string): string {
    const name = this.#namesByExpression.get(expression);
    const arn = this.settings.filterArns[expression] ?? (name === undefined ? undefined : this.settings.filterArns[name]);
    if (arn === undefined) {
      throw new ValidationError('PARLEY_RECOMMEND_FILTER_UNSUPPORTED', `No Personalize filter ARN is configured for filter ${name === undefined ? 'expression' : `"${name}"`} (PARLEY_PERSONALIZE_FILTER_ARNS)`, {
        details: name === undefined ? {} : { filter: name },
      });
    }
    return arn;
  }

  #required(value: string | undefined, what: string): string {
    if (value === undefined) throw new ParleyError('PARLEY_RECOMMEND_NOT_CONFIGURED', `Personalize ${what} is not configured`, { status: 500 });
    return value;
  }
}

function predicted(item: PredictedItem): port.PredictedItem {
  return {
    itemId: item.itemId ?? '',
    ...(item.score === undefined ? {} : { score: item.score }),
    ...(item.promotionName === undefined ? {} : { promotionName: item.promotionName }),
  };
}

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

/**
 * Runs one SDK call and maps its failure: invalid input and unknown resources are the caller's
 * (not retryable); throttling, 5xx, timeouts and network failures are retryable UpstreamErrors.
 */
async function call<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw mapSdkError(error);
  }
}

export function mapSdkError(error: unknown): ParleyError {
  if (error instanceof ParleyError) return error;
  const sdk = (typeof error === 'object' && error !== null ? error : {}) as SdkError;
  const status = sdk.$metadata?.httpStatusCode;
  const name = sdk.name ?? 'Error';
  // The service's message may echo request fields; only the exception name crosses the port.
  if (name === 'InvalidInputException') return new ValidationError('PARLEY_RECOMMEND_INVALID_INPUT', 'Personalize rejected the request as invalid', { cause: error });
  if (name === 'ResourceNotFoundException') return new ParleyError('PARLEY_RECOMMEND_RESOURCE_NOT_FOUND', 'A configured Personalize resource (campaign, filter, tracker or dataset) was not found', { status: 500, cause: error });
  if (name === 'ResourceInUseException') return new UpstreamError('PARLEY_RECOMMEND_RESOURCE_IN_USE', 'The Personalize dataset is busy', { cause: error });
  if (name === 'ThrottlingException' || status === 429) return new UpstreamError('PARLEY_RECOMMEND_THROTTLED', 'Personalize is throttling requests', { cause: error });
  if (name === 'TimeoutError' || name === 'RequestTimeout' || name === 'AbortError') return new UpstreamError('PARLEY_RECOMMEND_TIMEOUT', 'Personalize did not answer in time', { cause: error });
  if (status !== undefined && status >= 400 && status < 500) return new ParleyError('PARLEY_RECOMMEND_REJECTED', `Personalize refused the request (${name}, HTTP ${status})`, { status: 500, cause: error });
  return new UpstreamError('PARLEY_RECOMMEND_UNAVAILABLE', `Personalize is unavailable (${name})`, { cause: error });
}
