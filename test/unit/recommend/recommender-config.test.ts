import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';

describe('recommender configuration', () => {
  it('defaults to the local engine with exploration 0.3', () => {
    expect(loadConfig({}).recommender).toMatchObject({ engine: 'local', explorationWeight: 0.3, trainWorkers: 2, emulator: false, personalize: { region: 'us-east-1', filterArns: {} } });
  });

  it('reads the Personalize ARNs, filter ARNs by name and tracking id', () => {
    const { recommender } = loadConfig({
      PARLEY_RECOMMENDER: 'personalize',
      PARLEY_PERSONALIZE_CAMPAIGN_ARN: 'arn:aws:personalize:eu-west-1:1:campaign/c',
      PARLEY_PERSONALIZE_TRACKING_ID: 't-1',
      PARLEY_PERSONALIZE_FILTER_ARNS: '{"category":"arn:aws:personalize:eu-west-1:1:filter/category"}',
      PARLEY_PERSONALIZE_ENDPOINT: 'http://127.0.0.1:8080',
    });
    expect(recommender.personalize).toMatchObject({ campaignArn: 'arn:aws:personalize:eu-west-1:1:campaign/c', trackingId: 't-1', endpoint: 'http://127.0.0.1:8080', filterArns: { category: 'arn:aws:personalize:eu-west-1:1:filter/category' } });
  });

  it('names what Personalize is missing', () => {
    expect(() => loadConfig({ PARLEY_RECOMMENDER: 'personalize', PARLEY_PERSONALIZE_FILTER_ARNS: '[1]' })).toThrow(
      /CAMPAIGN_ARN or PARLEY_PERSONALIZE_RECOMMENDER_ARN[\s\S]*TRACKING_ID|FILTER_ARNS[\s\S]*CAMPAIGN_ARN/,
    );
  });
});
