/**
 * The chat widget in a real browser (Debian's Chromium driven by playwright-core) against the
 * whole service: the demo store page served by the gateway itself, the default demo site's
 * origin rules, a recommendation with product cards, and a reload that resumes the session.
 * CI installs Chromium (.ci/run); without it this test fails, it does not skip.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SITE_KEY, loadConfig } from '../../src/config.js';
import { REPO_ROOT, startApp, type RunningApp } from '../integration/pipeline/app-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const OUT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');
/** Without the background-networking flags Chromium keeps dialling Google on a closed network. */
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
const REPLY_TIMEOUT_MS = 10_000;

let running: RunningApp;
let context: BrowserContext;
let page: Page;
let profileDir: string;
const pageProblems: string[] = [];

// CI installs Chromium (.ci/run) and must run these tests; elsewhere a machine without it skips
// them with the reason printed, so `npm test` on a fresh machine needs nothing installed by hand.
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI === 'true') {
  throw new Error(`${CHROMIUM} is missing on CI: .ci/run installs Debian's Chromium for the browser tests`);
}
const describeInBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) {
  process.stderr.write(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)\n`);
}

beforeAll(async () => {
  if (!hasChromium) return;
  // The demo site exactly as the default configuration defines it (host-only localhost origins).
  const demoSite = loadConfig({}, REPO_ROOT).sites.find((site) => site.siteKey === DEMO_SITE_KEY);
  if (demoSite === undefined) throw new Error('the default configuration has no demo site');
  running = await startApp({ extraSites: [demoSite] });
  profileDir = mkdtempSync(path.join(tmpdir(), 'parley-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1100, height: 760 },
    locale: 'en-US',
    timezoneId: 'Europe/Paris',
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // The browser asks for /favicon.ico on its own; the demo page has none.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) pageProblems.push(`console: ${message.text()}`);
  });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await running?.close();
  if (profileDir !== undefined) rmSync(profileDir, { recursive: true, force: true });
});

/** The widget lives in an open shadow root; Playwright's CSS locators pierce it. */
function widget(): { panel: Locator; input: Locator; botMessages: Locator; cards: Locator; status: Locator } {
  return {
    panel: page.locator('#parley-panel'),
    input: page.getByLabel('Your message'),
    botMessages: page.locator('.message.bot .bubble'),
    cards: page.locator('.card'),
    status: page.locator('#parley-panel .status'),
  };
}

/** Types like a keyboard user and waits for the bot's answer to appear. */
async function say(text: string): Promise<string> {
  const { input, botMessages } = widget();
  const before = await botMessages.count();
  await input.fill(text);
  await input.press('Enter');
  await expect.poll(() => botMessages.count(), { timeout: REPLY_TIMEOUT_MS }).toBeGreaterThan(before);
  await expect.poll(() => page.locator('.typing').isHidden(), { timeout: REPLY_TIMEOUT_MS }).toBe(true);
  return (await botMessages.last().textContent()) ?? '';
}

describeInBrowser('the chat widget on the demo store page', () => {
  it('chats, shows product cards and resumes the session after a reload', async () => {
    const response = await page.goto(`${running.url}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['cache-control']).toBe('no-cache');
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    await expect.poll(() => page.title()).toContain('Parley Outfitters');

    // Keyboard only: Tab to the launcher, Enter opens the panel and focuses the input.
    const launcher = page.getByRole('button', { name: 'Ask Parley Outfitters' });
    await launcher.focus();
    await page.keyboard.press('Enter');
    const { panel, input, cards, status } = widget();
    await expect.poll(() => panel.isVisible()).toBe(true);
    await expect.poll(() => status.textContent(), { timeout: REPLY_TIMEOUT_MS }).toBe('Online');
    expect(await input.evaluate((element) => element === element.getRootNode().activeElement)).toBe(true);
    expect(await page.locator('.log').getAttribute('aria-live')).toBe('polite');
    expect(Number(await input.getAttribute('maxlength'))).toBe(running.config.limits.maxTextChars);

    const sessionId = await panel.getAttribute('data-session-id');
    expect(sessionId).toMatch(/\S+/);

    const greeting = await say('hi');

    const recommendation = await say('show me running shoes under 100 dollars');
    expect(recommendation.length).toBeGreaterThan(0);
    await expect.poll(() => cards.count(), { timeout: REPLY_TIMEOUT_MS }).toBeGreaterThan(0);
    const prices = (await cards.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-price')))).map(Number);
    expect(prices.every((price) => Number.isFinite(price) && price > 0 && price <= 100)).toBe(true);
    const firstCard = cards.first();
    for (const part of ['.card-title', '.card-brand', '.card-price']) {
      expect(((await firstCard.locator(part).textContent()) ?? '').trim()).not.toBe('');
    }
    expect(await firstCard.locator('.card-price').textContent()).toMatch(/\$\d/);

    mkdirSync(OUT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(OUT_DIR, 'chat-widget.png') });

    // What the widget shows is what the server answered and stored, with the context the widget sent.
    const stored = await running.db.store.sessions.get(sessionId ?? '');
    expect(stored?.turns.map((turn) => turn.intent?.name)).toEqual(['Greeting', 'RecommendItems']);
    expect(stored?.turns.map((turn) => turn.replyText)).toEqual([greeting, recommendation]);
    expect(stored?.context).toMatchObject({ device: 'desktop', locale: 'en-US', timeZone: 'Europe/Paris' });

    await page.reload();
    await expect.poll(() => status.textContent(), { timeout: REPLY_TIMEOUT_MS }).toBe('Online');
    expect(await panel.getAttribute('data-session-id')).toBe(sessionId);
    // The transcript is drawn again (the server does not replay it), cards included.
    expect(await page.locator('.divider').textContent()).toBe('Conversation resumed');
    expect(await cards.count()).toBe(prices.length);

    const again = await say('hi');
    const resumed = await running.db.store.sessions.get(sessionId ?? '');
    expect(resumed?.turns).toHaveLength(3);
    expect(resumed?.turns.at(-1)).toMatchObject({ replyText: again, intent: { name: 'Greeting' } });
    await page.screenshot({ path: path.join(OUT_DIR, 'chat-widget-resumed.png') });

    expect(pageProblems).toEqual([]);
  });

  it('rewards replies with thumbs and a click on a recommended item; the decisions in MongoDB get them', async () => {
    // A tab of its own: a new session (sessionStorage is per tab).
    page = await context.newPage();
    page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
    await page.goto(`${running.url}/`);
    await page.getByRole('button', { name: 'Ask Parley Outfitters' }).click();
    await expect.poll(() => widget().status.textContent(), { timeout: REPLY_TIMEOUT_MS }).toBe('Online');
    const replies = page.locator('.message.bot[data-event-id]');
    const decided = async (index: number): Promise<string> => (await replies.nth(index).getAttribute('data-event-id')) ?? '';
    const logged = (eventId: string) => running.db.store.decisions.get(eventId);

    // Thumbs up on a reply the bandit worded: reward 1 on its decision (speech cost is off by default).
    await say('show me running shoes under 100 dollars');
    await expect.poll(() => replies.count(), { timeout: REPLY_TIMEOUT_MS }).toBe(1);
    const first = await decided(0);
    expect(first).toMatch(/^bd-/);
    await replies.nth(0).getByRole('button', { name: 'Yes', exact: true }).click();
    await expect.poll(() => replies.nth(0).getAttribute('data-reward-state'), { timeout: REPLY_TIMEOUT_MS }).toBe('applied');
    expect(await replies.nth(0).locator('.feedback-note').textContent()).toBe('Thanks for your feedback!');
    expect(await logged(first)).toMatchObject({ reward: 1, rewards: [expect.objectContaining({ value: 1, outcome: 'applied' })] });
    // One signal per reply: the buttons go quiet, the chosen one stays pressed.
    expect(await replies.nth(0).getByRole('button', { name: 'Yes', exact: true }).getAttribute('aria-pressed')).toBe('true');
    expect(await replies.nth(0).getByRole('button', { name: 'No', exact: true }).isDisabled()).toBe(true);

    // A click on an item of the next recommendation: reward 0.5 on that reply's decision.
    await say('I need hiking boots');
    await expect.poll(() => replies.count(), { timeout: REPLY_TIMEOUT_MS }).toBe(2);
    const second = await decided(1);
    expect(second).not.toBe(first);
    await replies.nth(1).locator('.card').first().locator('button.card-title').click();
    await expect.poll(() => replies.nth(1).getAttribute('data-reward-state'), { timeout: REPLY_TIMEOUT_MS }).toBe('applied');
    expect(await replies.nth(1).locator('.card').first().getAttribute('data-clicked')).toBe('true');
    expect(await logged(second)).toMatchObject({ reward: 0.5 });
    mkdirSync(OUT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(OUT_DIR, 'chat-widget-feedback.png') });
    expect(await logged(first)).toMatchObject({ reward: 1 });

    // After a reload the transcript remembers which replies were rated.
    await page.reload();
    await expect.poll(() => widget().status.textContent(), { timeout: REPLY_TIMEOUT_MS }).toBe('Online');
    expect(await replies.count()).toBe(2);
    expect(await replies.nth(0).getByRole('button', { name: 'Yes', exact: true }).isDisabled()).toBe(true);

    // A reward the server refuses (no such decision in this session) comes back as reward-error.
    const refused = await page.evaluate(
      () =>
        new Promise<{ code: string; message: string }>((resolve) => {
          // The element's mount() result exposes the client (public/widget/parley-widget.js).
          type Client = { on(type: string, listener: (detail: unknown) => void): void; reward(eventId: string, value: number): unknown };
          const page = globalThis as unknown as { document: { querySelector(selector: string): { mounted: { client: Client } } } };
          const { client } = page.document.querySelector('parley-chat').mounted;
          client.on('reward-error', (detail: unknown) => resolve(detail as { code: string; message: string }));
          client.reward('bd-00000000-0000-4000-8000-000000000000', 1);
        }),
    );
    expect(refused).toMatchObject({ code: 'PARLEY_BANDIT_EVENT_UNKNOWN', message: 'Sorry, we could not record your feedback.' });
    expect(pageProblems).toEqual([]);
  });

  it('serves the widget files with revalidating cache headers', async () => {
    const script = await fetch(`${running.url}/widget/parley-widget.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    expect(script.headers.get('access-control-allow-origin')).toBe('*');
    expect(script.headers.get('etag')).toBeTruthy();
    expect((await fetch(`${running.url}/widget/nope.js`)).status).toBe(404);
    // The API routes still win over the static wildcard.
    expect(await (await fetch(`${running.url}/health`)).json()).toEqual({ status: 'ok' });
  });
});
