/**
 * Runs the Recommender contract on the local engine, and on the Personalize adapter through the
 * real AWS SDK clients (@aws-sdk/client-personalize-runtime and -events) aimed at the gateway's
 * emulation of Personalize's REST paths, which serves another local engine. Also checks the
 * adapter's error mapping against servers that fail, stall or are not there.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildGateway } from '../../src/gateway/index.js';
import { LocalRecommender, SLOT_FILTERS, type Recommender } from '../../src/recommend/index.js';
import { PersonalizeRecommender, type PersonalizeSettings } from '../../src/recommend/personalize-recommender.js';
import { isParleyError } from '../../src/shared/errors.js';
import { ScriptedTurnRunner } from '../helpers/scripted-turn-runner.js';
import { contractCatalogue, contractInteractions, recommenderContract } from './recommend.contract.js';

const FAST = { als: { factors: 8, regularization: 0.1, alpha: 4, iterations: 10, cgSteps: 3, seed: 3, workers: 0 }, explorationWeight: 0, similarNeighbors: 20 };
const ARN = 'arn:aws:personalize:us-east-1:000000000000';

function settings(endpoint: string, overrides: Partial<PersonalizeSettings> = {}): PersonalizeSettings {
  return {
    region: 'us-east-1',
    endpoint,
    campaignArn: `${ARN}:campaign/parley-demo`,
    trackingId: 'tracking-0001',
    itemsDatasetArn: `${ARN}:dataset/parley/ITEMS`,
    usersDatasetArn: `${ARN}:dataset/parley/USERS`,
    filterArns: Object.fromEntries(Object.keys(SLOT_FILTERS).map((name) => [name, `${ARN}:filter/${name}`])),
    timeoutMs: 2000,
    maxAttempts: 2,
    ...overrides,
  };
}

let local: LocalRecommender;
let emulated: LocalRecommender;
let gateway: FastifyInstance;
let adapter: PersonalizeRecommender;
let endpoint: string;

beforeAll(async () => {
  // The SDK's default credential chain reads these; the emulator does not check signatures.
  process.env.AWS_ACCESS_KEY_ID ??= 'parley-test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'parley-test-secret';
  local = await LocalRecommender.train(contractInteractions(), contractCatalogue(), FAST);
  emulated = await LocalRecommender.train(contractInteractions(), contractCatalogue(), FAST);
  const config = loadConfig({ PARLEY_LOG_LEVEL: 'silent', PARLEY_PERSONALIZE_EMULATOR: 'true' });
  gateway = buildGateway({ config, turns: new ScriptedTurnRunner(), readiness: async () => undefined, personalizeEmulator: emulated });
  await gateway.listen({ port: 0, host: '127.0.0.1' });
  endpoint = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;
  adapter = PersonalizeRecommender.fromSettings(settings(endpoint));
});

afterAll(async () => {
  await gateway?.close();
});

recommenderContract('local', (): Recommender => local);
recommenderContract('personalize (real SDK, emulated endpoint)', (): Recommender => adapter);

async function failure(promise: Promise<unknown>): Promise<{ code: string; retryable: boolean }> {
  try {
    await promise;
  } catch (error) {
    if (!isParleyError(error)) throw error;
    return { code: error.code, retryable: error.retryable };
  }
  throw new Error('expected a rejection');
}

describe('Personalize adapter: errors mapped at the edge', () => {
  let stalled: Server;
  let failing: Server;

  beforeAll(async () => {
    stalled = createServer(() => undefined);
    failing = createServer((_request, response) => {
      response.writeHead(503, { 'content-type': 'application/json', 'x-amzn-errortype': 'ServiceUnavailable' }).end('{"message":"down"}');
    });
    await Promise.all([stalled, failing].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
  });

  afterAll(async () => {
    stalled.closeAllConnections();
    await Promise.all([stalled, failing].map((server) => new Promise((resolve) => server.close(resolve))));
  });

  const at = (server: Server): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  it('maps an unknown filter ARN to ResourceNotFound, and a filter without an ARN before any call', async () => {
    const wrong = PersonalizeRecommender.fromSettings(settings(endpoint, { filterArns: { category: `${ARN}:filter/nope` } }));
    const filter = SLOT_FILTERS.category as string;
    expect(await failure(wrong.getRecommendations({ userId: 'user-0', filter, filterValues: { CATEGORY: '"bags"' } }))).toEqual({ code: 'PARLEY_RECOMMEND_RESOURCE_NOT_FOUND', retryable: false });
    expect(await failure(wrong.getRecommendations({ userId: 'user-0', filter: SLOT_FILTERS.brand as string, filterValues: { BRAND: '"Acme"' } }))).toEqual({ code: 'PARLEY_RECOMMEND_FILTER_UNSUPPORTED', retryable: false });
  });

  it('gives up after the timeout and says so as retryable', async () => {
    const slow = PersonalizeRecommender.fromSettings(settings(at(stalled), { timeoutMs: 200, maxAttempts: 1 }));
    expect(await failure(slow.getRecommendations({ userId: 'user-0' }))).toEqual({ code: 'PARLEY_RECOMMEND_TIMEOUT', retryable: true });
  });

  it('maps 5xx and unreachable endpoints to retryable upstream errors', async () => {
    const down = PersonalizeRecommender.fromSettings(settings(at(failing), { maxAttempts: 1 }));
    expect(await failure(down.getRecommendations({ userId: 'user-0' }))).toEqual({ code: 'PARLEY_RECOMMEND_UNAVAILABLE', retryable: true });
    const nowhere = PersonalizeRecommender.fromSettings(settings('http://127.0.0.1:9', { maxAttempts: 1 }));
    expect(await failure(nowhere.putEvents({ userId: 'u', sessionId: 's', eventList: [{ itemId: 'bag-1', eventType: 'click', sentAt: Math.floor(Date.now() / 1000) }] }))).toEqual({
      code: 'PARLEY_RECOMMEND_UNAVAILABLE',
      retryable: true,
    });
  });
});
