/** The service's metrics keep each label to a bounded set of values, and several registries read as one page. */
import { describe, expect, it } from 'vitest';
import type { TurnReply } from '../../../src/fulfillment/port.js';
import { combinedMetrics, GatewayMetrics, MAX_LABEL_VALUES } from '../../../src/gateway/metrics.js';

const reply = (intent: string, extra: Partial<TurnReply> = {}): TurnReply => ({ intent: { name: intent, state: 'Fulfilled', confidence: 1 }, ...extra }) as unknown as TurnReply;

describe('GatewayMetrics', () => {
  it('counts a label value past the bound as other', async () => {
    const metrics = new GatewayMetrics({ processMetrics: false });
    for (let i = 0; i < MAX_LABEL_VALUES + 5; i++) metrics.turn('text', reply(`Intent${i}`), 0.001);
    metrics.turn('text', reply('Intent0'), 0.001);
    const text = await metrics.text();
    expect(text).toContain('parley_turns_total{kind="text",intent="Intent0",state="Fulfilled"} 2');
    expect(text).toContain(`parley_turns_total{kind="text",intent="Intent${MAX_LABEL_VALUES - 1}",state="Fulfilled"} 1`);
    expect(text).not.toContain(`intent="Intent${MAX_LABEL_VALUES}"`);
    expect(text).toContain('parley_turns_total{kind="text",intent="other",state="Fulfilled"} 5');
    expect(text).not.toContain('process_cpu_seconds_total');
  });

  it('counts fallbacks by the engine that answered, and chosen variants', async () => {
    const metrics = new GatewayMetrics({ processMetrics: false });
    metrics.turn('audio', reply('Greeting', { fallback: { engine: 'local', reason: 'lex unreachable' }, decision: { eventId: 'bd-1', variant: 'greeting-hello-short', probability: 0.5 } }), 0.03);
    const text = await metrics.text();
    expect(text).toContain('parley_conversation_fallbacks_total{engine="local"} 1');
    expect(text).toContain('parley_reply_variants_total{intent="Greeting",variant="greeting-hello-short"} 1');
    expect(text).toContain('parley_turn_seconds_bucket{le="0.05",kind="audio"} 1');
    expect(text).toContain('parley_turn_seconds_bucket{le="0.02",kind="audio"} 0');
  });

  it('keeps the open-connection gauge', async () => {
    const metrics = new GatewayMetrics({ processMetrics: false });
    metrics.connection(true);
    metrics.connection(true);
    metrics.connection(false);
    expect(await metrics.text()).toContain('parley_ws_connections 1');
  });
});

describe('combinedMetrics', () => {
  it('joins the pages of several sources', async () => {
    const a = new GatewayMetrics({ processMetrics: false });
    a.error('PARLEY_TEXT_EMPTY');
    const b = { contentType: 'text/plain; version=0.0.4; charset=utf-8', text: async () => '# HELP other_total Other\n# TYPE other_total counter\nother_total 3\n' };
    const page = await combinedMetrics([a, b]).text();
    expect(page).toContain('parley_errors_total{code="PARLEY_TEXT_EMPTY"} 1');
    expect(page).toContain('other_total 3');
    expect(combinedMetrics([a, b]).contentType).toBe(a.contentType);
  });
});
