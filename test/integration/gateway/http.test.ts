/** The HTTP side: liveness, readiness and the schema, through fastify's inject(). */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../src/shared/errors.js';
import { startGateway, type RunningGateway } from './gateway-fixture.js';

let gateway: RunningGateway;
afterEach(async () => {
  await gateway.app.close();
});

describe('gateway http routes', () => {
  it('GET /health is always ok', async () => {
    gateway = await startGateway({ readiness: async () => Promise.reject(new Error('down')) });
    const response = await gateway.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('GET /ready is 200 when the readiness check passes', async () => {
    gateway = await startGateway();
    const response = await gateway.app.inject({ method: 'GET', url: '/ready' });
    expect([response.statusCode, response.json()]).toEqual([200, { status: 'ready' }]);
  });

  it('GET /ready is 503 with the reason when it fails', async () => {
    gateway = await startGateway({ readiness: async () => Promise.reject(new UpstreamError('PARLEY_STORE_UNAVAILABLE', 'The store does not answer')) });
    const response = await gateway.app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'unavailable', reason: 'PARLEY_STORE_UNAVAILABLE: The store does not answer' });
  });

  it('GET /ready does not leak an unexpected error message', async () => {
    gateway = await startGateway({ readiness: async () => Promise.reject(new Error('mongodb://admin:secret@db')) });
    const response = await gateway.app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.body).not.toContain('secret');
  });

  it('serves the protocol schema as written in docs/', async () => {
    gateway = await startGateway();
    const response = await gateway.app.inject({ method: 'GET', url: '/v1/protocol.schema.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/schema+json');
    expect(response.body).toBe(readFileSync(new URL('../../../docs/protocol.schema.json', import.meta.url), 'utf8'));
  });

  it('GET /v1/chat without an upgrade is not found', async () => {
    gateway = await startGateway();
    const response = await gateway.app.inject({ method: 'GET', url: '/v1/chat' });
    expect(response.statusCode).toBe(404);
  });
});
