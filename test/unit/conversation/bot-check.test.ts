import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBot, loadBot, type BotDiagnostic } from '../../../src/conversation/local/index.js';
import { zipFolder } from '../../helpers/zip-folder.js';

const DEMO = join(import.meta.dirname, '../../../bots/ParleyStore');
const LOCALE = 'ParleyStore/BotLocales/en_US';
const RECOMMEND = `${LOCALE}/Intents/RecommendItems/Intent.json`;
const CATEGORY_SLOT = `${LOCALE}/Intents/RecommendItems/Slots/Category/Slot.json`;

type Json = Record<string, any>;

let work: string;
let copies = 0;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'parley-bot-check-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A fresh copy of the demo bot; `edit` changes it before it is checked. */
async function brokenBot(edit: (dir: string) => Promise<void>): Promise<string> {
  copies += 1;
  const dir = join(work, `bot-${copies}`);
  await cp(DEMO, dir, { recursive: true });
  await edit(dir);
  return dir;
}

async function editJson(dir: string, file: string, change: (json: Json) => void): Promise<void> {
  const path = join(dir, file);
  const json = JSON.parse(await readFile(path, 'utf8')) as Json;
  change(json);
  await writeFile(path, JSON.stringify(json, null, 2));
}

async function errorsOf(dir: string): Promise<BotDiagnostic[]> {
  const result = await checkBot(dir);
  expect(result.ok).toBe(false);
  return result.diagnostics.filter((d) => d.severity === 'error');
}

describe('checkBot', () => {
  it('finds nothing wrong with the demo bot', async () => {
    expect(await checkBot(DEMO)).toEqual({ ok: true, diagnostics: [] });
  });

  it('reports invalid JSON with its line and column', async () => {
    const dir = await brokenBot((d) => writeFile(join(d, RECOMMEND), '{\n  "name": "RecommendItems",\n  "x": }\n'));
    const [error] = await errorsOf(dir);
    expect(error).toMatchObject({ file: RECOMMEND, field: '$' });
    expect(error?.message).toMatch(/invalid JSON at line 3, column 8/);
  });

  it('reports a missing manifest', async () => {
    const dir = await brokenBot((d) => rm(join(d, 'Manifest.json')));
    expect(await errorsOf(dir)).toEqual([expect.objectContaining({ file: 'Manifest.json', field: '$', message: expect.stringMatching(/missing manifest/) })]);
  });

  it('reports a manifest that is not a LexJson bot export', async () => {
    const dir = await brokenBot((d) => editJson(d, 'Manifest.json', (j) => (j.metaData.resourceType = 'BOT_LOCALE')));
    expect(await errorsOf(dir)).toEqual([expect.objectContaining({ file: 'Manifest.json', field: 'metaData.resourceType' })]);
  });

  it('reports missing required fields', async () => {
    const dir = await brokenBot(async (d) => {
      await editJson(d, CATEGORY_SLOT, (j) => delete j.slotTypeName);
      await editJson(d, 'ParleyStore/Bot.json', (j) => (j.idleSessionTTLInSeconds = null));
    });
    const errors = await errorsOf(dir);
    expect(errors).toContainEqual(expect.objectContaining({ file: CATEGORY_SLOT, field: 'slotTypeName', message: 'required field is missing' }));
    expect(errors).toContainEqual(expect.objectContaining({ file: 'ParleyStore/Bot.json', field: 'idleSessionTTLInSeconds' }));
  });

  it('reports wrong types against the key actually used', async () => {
    const dir = await brokenBot((d) => editJson(d, CATEGORY_SLOT, (j) => (j.valueElicitationSetting.promptSpecification.maxRetries = '2')));
    expect(await errorsOf(dir)).toEqual([
      expect.objectContaining({ file: CATEGORY_SLOT, field: 'valueElicitationSetting.promptSpecification.maxRetries', message: expect.stringMatching(/expected a number/) }),
    ]);
  });

  it('reports sample utterances that reference a slot the intent does not have', async () => {
    const dir = await brokenBot((d) => editJson(d, RECOMMEND, (j) => (j.sampleUtterances[3].utterance = 'show me {Foo} please')));
    expect(await errorsOf(dir)).toEqual([
      expect.objectContaining({ file: RECOMMEND, field: 'sampleUtterances[3].utterance', message: expect.stringContaining('{Foo}') }),
    ]);
  });

  it('reports unbalanced braces and free-form slots in utterances', async () => {
    const dir = await brokenBot(async (d) => {
      await editJson(d, RECOMMEND, (j) => (j.sampleUtterances[0].utterance = 'show me {Category'));
      await editJson(d, `${LOCALE}/Intents/ItemDetails/Slots/ItemName/Slot.json`, (j) => (j.slotTypeName = 'AMAZON.FreeFormInput'));
    });
    const errors = await errorsOf(dir);
    expect(errors).toContainEqual(expect.objectContaining({ file: RECOMMEND, field: 'sampleUtterances[0].utterance', message: expect.stringMatching(/unbalanced/) }));
    expect(errors).toContainEqual(expect.objectContaining({ file: `${LOCALE}/Intents/ItemDetails/Intent.json`, message: expect.stringMatching(/FreeFormInput/) }));
  });

  it('reports slots whose type is neither custom nor a supported built-in', async () => {
    const dir = await brokenBot(async (d) => {
      await editJson(d, CATEGORY_SLOT, (j) => (j.slotTypeName = 'CategoryTypo'));
      await editJson(d, `${LOCALE}/Intents/RecommendItems/Slots/MaxPrice/Slot.json`, (j) => (j.slotTypeName = 'AMAZON.EmailAddress'));
    });
    const errors = await errorsOf(dir);
    expect(errors.map((e) => [e.file, e.field])).toEqual([
      [`${LOCALE}/Intents/RecommendItems/Slots/Category/Slot.json`, 'slotTypeName'],
      [`${LOCALE}/Intents/RecommendItems/Slots/MaxPrice/Slot.json`, 'slotTypeName'],
    ]);
  });

  it('reports duplicate sample utterances within an intent and across intents', async () => {
    const dir = await brokenBot(async (d) => {
      await editJson(d, RECOMMEND, (j) => j.sampleUtterances.push({ utterance: 'Show me  {Category}?' }));
      await editJson(d, `${LOCALE}/Intents/Goodbye/Intent.json`, (j) => j.sampleUtterances.push({ utterance: 'hello' }));
    });
    const errors = await errorsOf(dir);
    expect(errors).toContainEqual(expect.objectContaining({ file: RECOMMEND, field: 'sampleUtterances[30].utterance', message: expect.stringMatching(/duplicate.*sampleUtterances\[0\]/) }));
    expect(errors).toContainEqual(
      // Intents are read in folder order, so the later one (Greeting after Goodbye) carries the error.
      expect.objectContaining({ file: `${LOCALE}/Intents/Greeting/Intent.json`, field: 'sampleUtterances[1].utterance', message: expect.stringMatching(/also in intent Goodbye .*sampleUtterances\[16\]/) }),
    );
  });

  it('warns of a sample utterance with the words of another intent\'s, where only the slot values tell them apart', async () => {
    const dir = await brokenBot((d) => editJson(d, `${LOCALE}/Intents/ItemDetails/Intent.json`, (j) => j.sampleUtterances.push({ utterance: 'Show me {ItemName}' })));
    const result = await checkBot(dir);
    // Lex builds such a bot, so it is a warning; ItemName takes any value, so "show me {Category}" cannot be told apart by its words.
    expect(result.ok).toBe(true);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        file: RECOMMEND,
        field: 'sampleUtterances[0].utterance',
        message: expect.stringMatching(/"show me \{Category\}" has the words of "Show me \{ItemName\}" in intent ItemDetails \(.*ItemDetails\/Intent\.json: sampleUtterances\[\d+\]\.utterance\); only the slot values/),
      }),
    ]);
  });

  it("reads Parley's utterance counts beside an intent, and reports counts for utterances the intent lacks, twice, or not whole and positive", async () => {
    const counts = `${LOCALE}/Intents/RecommendItems/ParleyUtteranceCounts.json`;
    const good = await brokenBot((d) => writeFile(join(d, counts), JSON.stringify({ utteranceCounts: [{ utterance: 'Show me {category}', count: 40 }, { utterance: 'recommend some {Category}', count: 3 }] })));
    expect(await checkBot(good)).toEqual({ ok: true, diagnostics: [] });
    const intent = (await loadBot(good)).locales[0]?.intents.find((i) => i.name === 'RecommendItems');
    expect(intent?.sampleUtteranceCounts?.slice(0, 6)).toEqual([40, 1, 1, 1, 1, 3]);
    const bad = await brokenBot((d) => writeFile(join(d, counts), JSON.stringify({
      utteranceCounts: [
        { utterance: 'show me {Category}', count: 4 },
        { utterance: 'sell me {Category}', count: 2 },
        { utterance: 'SHOW ME {Category}', count: 5 },
        { utterance: 'recommend some {Category}', count: 0 },
        { utterance: 'I need new {Category}', count: 2.5 },
      ],
    })));
    expect((await errorsOf(bad)).map((e) => [e.file, e.field, e.message])).toEqual([
      [counts, 'utteranceCounts[1].utterance', '"sell me {Category}" is not a sample utterance of intent RecommendItems'],
      [counts, 'utteranceCounts[2].utterance', '"SHOW ME {Category}" is counted twice (also at utteranceCounts[0].utterance)'],
      [counts, 'utteranceCounts[3].count', '0 is outside the allowed range 1-1000000000'],
      [counts, 'utteranceCounts[4].count', 'expected a whole number, got 2.5'],
    ]);
  });

  it('reports maxRetries outside 0-5 and nluConfidenceThreshold outside 0-1', async () => {
    const dir = await brokenBot(async (d) => {
      await editJson(d, CATEGORY_SLOT, (j) => (j.valueElicitationSetting.promptSpecification.maxRetries = 6));
      await editJson(d, `${LOCALE}/BotLocale.json`, (j) => (j.nluConfidenceThreshold = 1.5));
    });
    expect((await errorsOf(dir)).map((e) => [e.file, e.field])).toEqual([
      [`${LOCALE}/BotLocale.json`, 'nluConfidenceThreshold'],
      [CATEGORY_SLOT, 'valueElicitationSetting.promptSpecification.maxRetries'],
    ]);
  });

  it('reports slot values over 140 characters and utterances over 500', async () => {
    const brandType = `${LOCALE}/SlotTypes/BrandType/SlotType.json`;
    const dir = await brokenBot(async (d) => {
      await editJson(d, brandType, (j) => (j.slotTypeValues[1].synonyms[0].value = 'x'.repeat(141)));
      await editJson(d, RECOMMEND, (j) => (j.sampleUtterances[2].utterance = `show me ${'very '.repeat(100)}good {Category}`));
    });
    expect((await errorsOf(dir)).map((e) => [e.file, e.field])).toEqual([
      [brandType, 'slotTypeValues[1].synonyms[0].value'],
      [RECOMMEND, 'sampleUtterances[2].utterance'],
    ]);
  });

  it("warns where an intent is over Lex's adjustable utterance quota, and fails a slot type over its fixed value quota", async () => {
    const brandType = `${LOCALE}/SlotTypes/BrandType/SlotType.json`;
    const manyUtterances = await brokenBot((d) => editJson(d, RECOMMEND, (j) => {
      while (j.sampleUtterances.length < 1_501) j.sampleUtterances.push({ utterance: `show me {Category} number ${j.sampleUtterances.length}` });
    }));
    const warned = await checkBot(manyUtterances);
    expect(warned.ok).toBe(true);
    expect(warned.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', file: RECOMMEND, field: 'sampleUtterances[1500].utterance', message: expect.stringMatching(/1,501 sample utterances per intent, over Lex's default quota of 1,500; raise the quota/) }),
    ]);
    await expect(loadBot(manyUtterances, { strict: true })).rejects.toMatchObject({ code: 'PARLEY_BOT_INVALID' });

    const manyValues = await brokenBot((d) => editJson(d, brandType, (j) => {
      for (let i = 0; j.slotTypeValues.reduce((n: number, v: Json) => n + 1 + (v.synonyms?.length ?? 0), 0) < 10_001; i += 1) j.slotTypeValues.push({ sampleValue: { value: `brand ${i}` } });
    }));
    expect(await errorsOf(manyValues)).toEqual([
      expect.objectContaining({ file: brandType, field: 'slotTypeValues', message: expect.stringMatching(/10,001 values and synonyms per custom slot type, over Lex's quota of 10,000; Lex will not build/) }),
    ]);
  });

  it('reports a regex filter that does not compile or that Lex rejects', async () => {
    const orderType = `${LOCALE}/SlotTypes/OrderNumberType/SlotType.json`;
    const invalid = await brokenBot((d) => editJson(d, orderType, (j) => (j.valueSelectionSetting.regexFilter.pattern = 'PS-[0-9{6}(')));
    expect(await errorsOf(invalid)).toEqual([
      expect.objectContaining({ file: orderType, field: 'valueSelectionSetting.regexFilter.pattern', message: expect.stringMatching(/invalid regex/) }),
    ]);
    const unbounded = await brokenBot((d) => editJson(d, orderType, (j) => (j.valueSelectionSetting.regexFilter.pattern = 'PS-[0-9]+')));
    expect((await errorsOf(unbounded))[0]?.message).toMatch(/unbounded repeater/);
  });

  it('warns about a locale without a fallback intent, which still loads unless strict', async () => {
    const dir = await brokenBot((d) => rm(join(d, `${LOCALE}/Intents/FallbackIntent`), { recursive: true }));
    const result = await checkBot(dir);
    expect(result.ok).toBe(true);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', file: `${LOCALE}/BotLocale.json`, field: '$', message: expect.stringMatching(/no fallback intent/) }),
    ]);
    const warnings: BotDiagnostic[] = [];
    await loadBot(dir, { onWarning: (w) => warnings.push(w) });
    expect(warnings).toHaveLength(1);
    await expect(loadBot(dir, { strict: true })).rejects.toMatchObject({ code: 'PARLEY_BOT_INVALID' });
  });

  it('makes loadBot throw PARLEY_BOT_INVALID naming the first file and field', async () => {
    const dir = await brokenBot((d) => editJson(d, RECOMMEND, (j) => (j.sampleUtterances[3].utterance = 'show me {Foo}')));
    await expect(loadBot(dir)).rejects.toMatchObject({
      name: 'ValidationError',
      code: 'PARLEY_BOT_INVALID',
      message: expect.stringContaining(`${RECOMMEND}: sampleUtterances[3].utterance`),
      details: { diagnostics: [expect.objectContaining({ field: 'sampleUtterances[3].utterance' })] },
    });
  });

  it('checks zips too, and reports an unreadable zip or missing path as a diagnostic', async () => {
    const dir = await brokenBot((d) => editJson(d, RECOMMEND, (j) => (j.sampleUtterances[3].utterance = 'show me {Foo}')));
    const zip = join(work, 'broken.zip');
    await zipFolder(dir, zip, { topFolder: 'export' });
    expect((await errorsOf(zip))[0]).toMatchObject({ file: RECOMMEND, field: 'sampleUtterances[3].utterance' });
    const garbage = join(work, 'garbage.zip');
    await writeFile(garbage, 'not a zip at all');
    expect((await errorsOf(garbage))[0]?.message).toMatch(/neither a folder nor a readable zip/);
    expect((await errorsOf(join(work, 'missing')))[0]?.message).toMatch(/No bot folder or zip/);
  });
});
