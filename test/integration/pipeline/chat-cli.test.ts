/**
 * `parley chat --json` as a user runs it: the compiled CLI in a child process, stdin in, one JSON
 * line per utterance out, through the same pipeline as the server (real database, real bot).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../helpers/mongo.js';
import { scriptVariantIds, variantTextPattern } from '../../helpers/script-variants.js';
import { runCli, type CliRun } from '../../helpers/run-cli.js';
import { REPO_ROOT } from './app-fixture.js';

let db: TestStore;

beforeAll(async () => {
  db = await openTestStore();
});

afterAll(async () => {
  await db?.close();
});

function runChat(args: string[], input: string): Promise<CliRun> {
  return runCli(args, {
    compiled: true,
    input,
    env: {
      MONGODB_URI: db.uri,
      PARLEY_DB_NAME: db.dbName,
      PARLEY_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'parley-cli-')),
      PARLEY_SEED_CUSTOMERS: '30',
      PARLEY_SEED_ITEMS: '300',
    },
  });
}

describe('parley chat --json', () => {
  it('prints one JSON line per utterance with intents and slots', async () => {
    const { code, stdout, stderr } = await runChat(['chat', '--json'], 'hi\nshow me running shoes under 100 dollars\n');
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    const [greeting, recommend] = lines;
    expect(greeting).toMatchObject({ intent: { name: 'Greeting', state: 'Fulfilled' }, slots: {} });
    expect(recommend).toMatchObject({
      intent: { name: 'RecommendItems', state: 'Fulfilled' },
      slots: { Category: 'running shoes', MaxPrice: '100', Brand: null },
      dialogAction: { type: 'Close' },
    });
    expect(recommend?.sessionId).toBe(greeting?.sessionId);
    // Replies worded by a script say which variant the bandit chose and carry its SSML.
    expect(Object.keys(greeting ?? {}).sort()).toEqual(['decision', 'dialogAction', 'intent', 'sessionId', 'slots', 'speech', 'text']);
    const decision = greeting?.decision as { variant: string; eventId: string };
    expect(scriptVariantIds(REPO_ROOT, 'Greeting')).toContain(decision.variant);
    expect(greeting?.text).toMatch(variantTextPattern(REPO_ROOT, 'Greeting', decision.variant));
    expect(greeting?.speech).toMatchObject({ ssml: expect.stringMatching(/^<speak>/), voiceProfile: expect.any(String) });
    const cards = recommend?.cards as Array<{ category: string; price: number }>;
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.every((card) => card.category === 'running shoes' && card.price <= 100)).toBe(true);
  }, 120_000);

  it('reports a bad utterance as a JSON error line and goes on', async () => {
    const { code, stdout } = await runChat(['chat', '--json'], `hello\n${'x'.repeat(1100)}\nbye\n`);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatchObject({ error: { code: 'PARLEY_CONVERSATION_TEXT_INVALID' } });
    expect(lines[2]).toMatchObject({ intent: { name: 'Goodbye' } });
    expect(code).toBe(1);
  }, 120_000);
});
