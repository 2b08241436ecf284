/** `parley cache warm` as the command runs it: configured disk tier, JSON summary, bad options. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCacheWarm } from '../../../src/cli/commands/cache-warm.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'parley-warm-cli-'));
  process.env.PARLEY_DATA_DIR = dir;
  process.env.PARLEY_AUDIO_CACHE_DIR = path.join(dir, 'audio');
  process.env.PARLEY_LOG_LEVEL = 'silent';
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(options: Parameters<typeof runCacheWarm>[0]): Promise<{ code: number; output: Record<string, unknown> }> {
  const lines: string[] = [];
  const code = await runCacheWarm(options, (line) => lines.push(line));
  return { code, output: JSON.parse(lines.join('')) as Record<string, unknown> };
}

describe('parley cache warm', () => {
  it('fills the configured disk tier and prints items, bytes, characters and the cost avoided', async () => {
    const first = await run({ profiles: 'brian-standard', scripts: 'Goodbye', formats: 'pcm,json', bot: 'none' });
    expect(first.code).toBe(0);
    expect(first.output).toMatchObject({ store: 'disk', alreadyCached: 0, skipped: 0 });
    const items = first.output.items as number;
    expect(items).toBeGreaterThanOrEqual(4);
    expect(first.output.synthesized).toBe(items);
    expect(first.output.bytes as number).toBeGreaterThan(10_000);
    expect(first.output.pollyCostAvoidedUsd).toBeCloseTo(((first.output.characters as number) * 4) / 1e6, 6);
    const files = (await readdir(path.join(dir, 'audio'), { recursive: true })).filter((file) => /\.(pcm|json)$/.test(file));
    expect(files).toHaveLength(items);
    const again = await run({ profiles: 'brian-standard', scripts: 'Goodbye', formats: 'pcm,json', bot: 'none' });
    expect(again.output).toMatchObject({ items, synthesized: 0, alreadyCached: items });
  }, 60_000); // the command starts its own eSpeak (seconds on a loaded machine)

  it("warms the bot's fixed messages too, with the reply voice profile (neural list price)", async () => {
    const withBot = await run({ profiles: 'brian-standard', scripts: 'Goodbye', formats: 'json' });
    const without = await run({ profiles: 'brian-standard', scripts: 'Goodbye', formats: 'json', bot: 'none' });
    expect(withBot.code).toBe(0);
    // The bot's prompts and responses ("What time suits you?", ...) add phrases to the scripts'.
    expect((withBot.output.items as number) - (without.output.items as number)).toBeGreaterThan(20);
    expect(withBot.output.pollyCostAvoidedUsd as number).toBeGreaterThan(without.output.pollyCostAvoidedUsd as number);
    expect(await run({ formats: 'json', bot: '/nonexistent/bot' })).toMatchObject({ code: 1, output: { error: expect.stringContaining('cannot load the bot') } });
  }, 300_000);

  it('refuses unknown formats, profiles and scripts', async () => {
    expect(await run({ formats: 'wav' })).toMatchObject({ code: 1, output: { error: expect.stringContaining('wav') } });
    expect(await run({ profiles: 'nobody' })).toMatchObject({ code: 1, output: { error: expect.stringContaining('nobody') } });
    expect(await run({ scripts: 'Nothing' })).toMatchObject({ code: 1, output: { error: expect.stringContaining('Nothing') } });
    expect(await run({ concurrency: '0' })).toMatchObject({ code: 1 });
  });
});
