/**
 * Spoken replies in a real browser: the kiosk page (the widget with `speak`) served by the whole
 * service with the real local synthesizer, in Debian's Chromium. The reply's sentences arrive as
 * pcm over the WebSocket and play through Web Audio; the widget reports segments played on its
 * element (data-audio-*). CI installs Chromium (.ci/run); elsewhere the test skips without it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SITE_KEY, loadConfig } from '../../src/config.js';
import { REPO_ROOT, startApp, type RunningApp } from '../integration/pipeline/app-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const AUDIO_TIMEOUT_MS = 90_000;

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI === 'true') {
  throw new Error(`${CHROMIUM} is missing on CI: .ci/run installs Debian's Chromium for the browser tests`);
}
const describeInBrowser = hasChromium ? describe : describe.skip;

let running: RunningApp;
let context: BrowserContext;
let page: Page;
let profileDir: string;
const pageProblems: string[] = [];

beforeAll(async () => {
  if (!hasChromium) return;
  const demoSite = loadConfig({}, REPO_ROOT).sites.find((site) => site.siteKey === DEMO_SITE_KEY);
  if (demoSite === undefined) throw new Error('the default configuration has no demo site');
  running = await startApp({ extraSites: [demoSite] });
  profileDir = mkdtempSync(path.join(tmpdir(), 'parley-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, locale: 'en-US' });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) pageProblems.push(`console: ${message.text()}`);
  });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await running?.close();
  if (profileDir !== undefined) rmSync(profileDir, { recursive: true, force: true });
});

describeInBrowser('spoken replies on the kiosk page', () => {
  it('asks for audio, receives the reply sentence by sentence and plays it', async () => {
    const response = await page.goto(`${running.url}/kiosk.html`);
    expect(response?.status()).toBe(200);
    const chat = page.locator('parley-chat');
    await expect.poll(() => page.locator('#parley-panel .status').textContent(), { timeout: 30_000 }).toBe('Online');
    const speaker = page.getByRole('button', { name: 'Spoken replies' });
    expect(await speaker.getAttribute('aria-pressed')).toBe('true');

    const frames: string[] = [];
    page.on('websocket', (socket) => {
      socket.on('framereceived', ({ payload }) => frames.push(typeof payload === 'string' ? (JSON.parse(payload) as { type: string }).type : `binary:${payload.length}`));
    });
    // The page was opened before the listener: reload so the socket is observed from its hello.
    await page.reload();
    await expect.poll(() => page.locator('#parley-panel .status').textContent(), { timeout: 30_000 }).toBe('Online');

    const input = page.getByLabel('Your message');
    await input.fill('what are your store hours');
    await input.press('Enter'); // a user gesture: the widget unlocks its AudioContext here

    await expect.poll(() => chat.getAttribute('data-audio-state'), { timeout: AUDIO_TIMEOUT_MS }).toBe('running');
    await expect.poll(() => chat.getAttribute('data-audio-playing'), { timeout: AUDIO_TIMEOUT_MS }).toBe('true');
    await expect.poll(async () => Number(await chat.getAttribute('data-audio-segments-played')), { timeout: AUDIO_TIMEOUT_MS }).toBeGreaterThanOrEqual(2);

    // On the wire: begin, then each audio.segment followed by its pcm frames, then end.
    const begin = frames.indexOf('audio.begin');
    expect(begin).toBeGreaterThan(frames.indexOf('turn.reply'));
    const segmentsAt = frames.flatMap((frame, i) => (frame === 'audio.segment' ? [i] : []));
    expect(segmentsAt.length).toBeGreaterThanOrEqual(2);
    for (const at of segmentsAt) expect(frames[at + 1]).toMatch(/^binary:[1-9]/);
    expect(frames).toContain('audio.end');
    expect(pageProblems).toEqual([]);
  }, 240_000);
});
