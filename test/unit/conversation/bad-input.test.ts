/**
 * Issue 3's bad-input list, each with its clear error: empty and huge utterances, control
 * characters, text that was not valid UTF-8, malformed training lines, conversation test files
 * that are not UTF-8, and bots with an undefined slot type or a duplicate utterance.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseExamples } from '../../../src/conversation/eval/index.js';
import { checkBot, loadBot, LocalConversationEngine } from '../../../src/conversation/local/index.js';
import { readConversationTestFiles } from '../../../src/conversation/testing/index.js';
import { ParleyError, ValidationError } from '../../../src/shared/errors.js';
import { storeBot } from '../../helpers/bot-builder.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DEMO = path.join(REPO_ROOT, 'bots/ParleyStore');
const LOCALE = 'ParleyStore/BotLocales/en_US';
const engine = new LocalConversationEngine(storeBot());

async function rejection(text: string): Promise<ValidationError> {
  const error = await engine.recognizeText({ sessionId: 'bad-input', text }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('utterances', () => {
  it.each([
    ['empty', '', 'empty', /text is empty/],
    ['only spaces', '   \t ', 'empty', /text is empty/],
    ['over 1,024 characters', 'a'.repeat(1025), 'too_long', /longer than 1024 characters/],
    ['a bell character', 'hi\u0007there', 'control_character', /control character/],
    ['an escape sequence', 'hi \u001b[31m red', 'control_character', /control character/],
    ['a C1 control', 'hi\u0085', 'control_character', /control character/],
    ['a lone surrogate', 'hi \ud800 there', 'invalid_utf8', /not valid UTF-8/],
  ])('%s is refused with its reason', async (_what, text, reason, message) => {
    const error = await rejection(text);
    expect(error.code).toBe('PARLEY_CONVERSATION_TEXT_INVALID');
    expect(error.status).toBe(400);
    expect(error.details).toMatchObject({ reason });
    expect(error.message).toMatch(message);
  });

  it('bytes that were not valid UTF-8 are refused once decoded, and the message never echoes the text', async () => {
    const decoded = new TextDecoder('utf-8').decode(new Uint8Array([0x77, 0x68, 0x65, 0x72, 0x65, 0x20, 0xff, 0xfe, 0x20, 0x69, 0x73]));
    const error = await rejection(decoded);
    expect(error.details).toMatchObject({ reason: 'invalid_utf8' });
    expect(error.message).not.toContain('where');
  });

  it('exactly 1,024 characters, tabs and newlines are accepted', async () => {
    await expect(engine.recognizeText({ sessionId: 'bad-input', text: `hello ${'a'.repeat(1018)}` })).resolves.toBeDefined();
    await expect(engine.recognizeText({ sessionId: 'bad-input', text: 'hello\tthere\nfriend' })).resolves.toBeDefined();
  });
});

describe('training lines and test files', () => {
  it('a malformed training line is named by file and line', () => {
    const content = ['{"text": "hi", "intent": "Greet"}', '', '{"text": "bye", "intent": }', ''].join('\n');
    const error = (() => {
      try {
        parseExamples(content, 'train.jsonl');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ParleyError);
    expect(error).toMatchObject({ code: 'PARLEY_NLU_EVAL_INVALID_LINE', details: { source: 'train.jsonl', line: 3 } });
    expect((error as Error).message).toBe('train.jsonl:3: not valid JSON');
  });

  it('a conversation test file that is not UTF-8 is named by file and line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-bad-'));
    const file = path.join(dir, 'latin1.yaml');
    writeFileSync(file, Buffer.concat([Buffer.from('conversations:\n  - name: x\n    turns:\n      - user: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    await expect(readConversationTestFiles([file])).rejects.toMatchObject({
      code: 'PARLEY_CONVERSATION_TEST_INVALID',
      problems: [{ source: file, line: 4, message: 'the file is not valid UTF-8' }],
    });
    await expect(readConversationTestFiles([path.join(dir, 'missing.yaml')])).rejects.toMatchObject({
      problems: [{ source: path.join(dir, 'missing.yaml'), line: 1, message: 'no such file' }],
    });
  });
});

describe('bots', () => {
  function copyDemo(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-bad-bot-'));
    cpSync(DEMO, dir, { recursive: true });
    return dir;
  }
  function edit(dir: string, file: string, change: (text: string) => string): void {
    const full = path.join(dir, file);
    writeFileSync(full, change(readFileSync(full, 'utf8')));
  }

  it('a slot of an undefined slot type names the slot file and field', async () => {
    const dir = copyDemo();
    edit(dir, `${LOCALE}/Intents/BookFitting/Slots/FittingDate/Slot.json`, (t) => t.replace('"AMAZON.Date"', '"AMAZON.Dat"'));
    const result = await checkBot(dir);
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toContainEqual({
      severity: 'error',
      file: `${LOCALE}/Intents/BookFitting/Slots/FittingDate/Slot.json`,
      field: 'slotTypeName',
      message: 'slot type "AMAZON.Dat" is neither a slot type of this locale nor a supported built-in',
    });
    await expect(loadBot(dir)).rejects.toMatchObject({ code: 'PARLEY_BOT_INVALID', message: expect.stringContaining('AMAZON.Dat') });
  });

  it('a duplicate utterance across intents names both places', async () => {
    const dir = copyDemo();
    edit(dir, `${LOCALE}/Intents/Goodbye/Intent.json`, (t) => t.replace('"sampleUtterances": [', '"sampleUtterances": [\n    { "utterance": "What are your hours" },'));
    const result = await checkBot(dir);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/sample utterance "(?:W|w)hat are your hours" is also in intent/) }),
    ]);
  });
});
