/**
 * GET /metrics on the whole service: a customer's socket, hello, turns and a bad message show up
 * in the service's own metrics beside the audio cache's and Node's process metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../helpers/ws-client.js';
import { ORIGIN, SITE_KEY, startApp, type RunningApp } from './app-fixture.js';

let running: RunningApp;

beforeAll(async () => {
  running = await startApp();
});

afterAll(async () => {
  await running?.close();
});

async function scrape(): Promise<string> {
  const response = await fetch(`${running.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

/** The sample of `name` with exactly these labels (0 when absent). */
function sample(body: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .sort()
    .join(',');
  for (const line of body.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').filter((pair) => pair !== '').sort().join(',');
    if (have === wanted) return Number(match[3]);
  }
  return 0;
}

describe('service metrics', () => {
  it('counts sockets, sessions, turns by intent, chosen variants and error codes', async () => {
    const before = await scrape();
    const client = await connect(running.wsUrl, { origin: ORIGIN });
    client.send({ type: 'session.hello', v: 1, siteKey: SITE_KEY, context: { device: 'desktop' } });
    expect(await client.next('session.ready', 5000)).toMatchObject({ resumed: false });
    client.send({ type: 'turn.text', id: 'g', text: 'hello' });
    const reply = await client.next('turn.reply', 5000);
    client.send({ type: 'turn.text', id: 'e', text: '   ' });
    const error = await client.next('error', 5000);
    client.send({ type: 'turn.text', id: 'r', text: 'show me running shoes under 100 dollars' });
    expect(await client.next('turn.reply', 5000)).toMatchObject({ intent: { name: 'RecommendItems', state: 'Fulfilled' } });

    const during = await scrape();
    const delta = (name: string, labels?: Record<string, string>): number => sample(during, name, labels) - sample(before, name, labels);
    expect(sample(during, 'parley_ws_connections')).toBe(sample(before, 'parley_ws_connections') + 1);
    expect(delta('parley_sessions_opened_total', { resumed: 'false' })).toBe(1);
    expect(delta('parley_turns_total', { kind: 'text', intent: 'Greeting', state: 'Fulfilled' })).toBe(1);
    expect(delta('parley_turns_total', { kind: 'text', intent: 'RecommendItems', state: 'Fulfilled' })).toBe(1);
    expect(delta('parley_turn_seconds_count', { kind: 'text' })).toBe(2);
    expect(delta('parley_turn_seconds_sum', { kind: 'text' })).toBeGreaterThan(0);
    expect(delta('parley_turn_seconds_bucket', { kind: 'text', le: '+Inf' })).toBe(2);
    const decision = reply.decision as { variant: string };
    expect(delta('parley_reply_variants_total', { intent: 'Greeting', variant: decision.variant })).toBe(1);
    expect(delta('parley_errors_total', { code: String(error.code) })).toBe(1);
    // Node's process metrics and the audio cache's share the page.
    expect(during).toMatch(/^process_cpu_seconds_total \d/m);
    expect(during).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
    expect(during).toContain('parley_audio_cache_lookups_total');

    await client.close();
    await expect.poll(async () => sample(await scrape(), 'parley_ws_connections'), { timeout: 5000 }).toBe(sample(before, 'parley_ws_connections'));
  });
});
