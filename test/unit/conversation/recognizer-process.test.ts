/** Running the recognizer as a child process: missing program, time limit, failure, abort. */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PocketsphinxRecognizer } from '../../../src/conversation/speech-input/pocketsphinx-recognizer.js';
import { runRecognizerProcess } from '../../../src/conversation/speech-input/recognizer-process.js';
import { intent } from '../../helpers/bot-builder.js';
import { hasPocketsphinx } from '../../helpers/spoken-audio.js';

describe('runRecognizerProcess', () => {
  it('says the recognizer is not installed when the program does not exist', async () => {
    await expect(runRecognizerProcess({ command: 'parley-no-such-recognizer', args: [], timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'PARLEY_CONVERSATION_RECOGNIZER_UNAVAILABLE',
      retryable: false,
      message: expect.stringMatching(/not installed.*apt-get install pocketsphinx/),
    });
  });

  it('kills a recognizer that overruns its time limit (retryable)', async () => {
    const started = Date.now();
    await expect(runRecognizerProcess({ command: 'sleep', args: ['10'], timeoutMs: 200 })).rejects.toMatchObject({ code: 'PARLEY_CONVERSATION_RECOGNIZER_TIMEOUT', retryable: true });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports a failing recognizer, and stops on abort', async () => {
    await expect(runRecognizerProcess({ command: 'false', args: [], timeoutMs: 5000 })).rejects.toMatchObject({ code: 'PARLEY_CONVERSATION_RECOGNIZER_FAILED' });
    const controller = new AbortController();
    const run = runRecognizerProcess({ command: 'sleep', args: ['10'], timeoutMs: 5000, signal: controller.signal });
    controller.abort();
    await expect(run).rejects.toMatchObject({ code: 'PARLEY_CONVERSATION_RECOGNIZER_FAILED', message: expect.stringMatching(/cancelled/) });
  });

  it('returns what the recognizer printed', async () => {
    await expect(runRecognizerProcess({ command: 'echo', args: ['book', 'a', 'fitting'], timeoutMs: 5000 })).resolves.toBe('book a fitting\n');
  });
});

describe('PocketsphinxRecognizer without its parts', () => {
  const locale = { localeId: 'en_US', nluConfidenceThreshold: 0.4, intents: [intent('Hours', ['what are your hours'])], slotTypes: [] };
  const options = (overrides: Partial<Parameters<typeof PocketsphinxRecognizer.create>[1]>) => ({
    command: 'pocketsphinx_batch',
    modelDir: '/usr/share/pocketsphinx/model/en-us',
    workDir: mkdtempSync(path.join(tmpdir(), 'parley-recognizer-unit-')),
    timeoutMs: 5000,
    maxConcurrent: 1,
    ...overrides,
  });

  it('is created without a model and says so on every call', async () => {
    const recognizer = await PocketsphinxRecognizer.create(locale, options({ modelDir: '/nonexistent/model' }));
    expect(recognizer.available).toBe(false);
    await expect(recognizer.recognize(new Uint8Array(320), 'en_US')).rejects.toMatchObject({ code: 'PARLEY_CONVERSATION_RECOGNIZER_UNAVAILABLE', message: expect.stringMatching(/pocketsphinx-en-us/) });
  });

  it('has no model for locales other than US English', async () => {
    const recognizer = await PocketsphinxRecognizer.create({ ...locale, localeId: 'fr_FR' }, options({}));
    await expect(recognizer.recognize(new Uint8Array(320), 'fr_FR')).rejects.toMatchObject({ code: 'PARLEY_CONVERSATION_RECOGNIZER_UNAVAILABLE', message: expect.stringMatching(/fr_FR/) });
  });

  it.skipIf(!hasPocketsphinx)('builds the model, then reports a missing program at the call, and refuses half samples', async () => {
    const recognizer = await PocketsphinxRecognizer.create(locale, options({ command: 'parley-no-such-recognizer' }));
    expect(recognizer.info).toMatchObject({ localeId: 'en_US', words: 4, pronunciations: { missing: [] } });
    await expect(recognizer.recognize(new Uint8Array(3), 'en_US')).rejects.toMatchObject({ code: 'PARLEY_CONVERSATION_AUDIO_INVALID' });
    await expect(recognizer.recognize(new Uint8Array(320), 'en_US')).rejects.toMatchObject({ code: 'PARLEY_CONVERSATION_RECOGNIZER_UNAVAILABLE' });
    await recognizer.close();
  });

  it.skipIf(!hasPocketsphinx)('reports a program that succeeds without writing its log, and leaves no utterance files', async () => {
    const workDir = mkdtempSync(path.join(tmpdir(), 'parley-recognizer-unit-'));
    const recognizer = await PocketsphinxRecognizer.create(locale, options({ command: 'true', workDir }));
    await expect(recognizer.recognize(new Uint8Array(320), 'en_US')).rejects.toMatchObject({ code: 'PARLEY_CONVERSATION_RECOGNIZER_FAILED', message: expect.stringMatching(/no log/) });
    const [modelDir] = readdirSync(workDir);
    expect(readdirSync(path.join(workDir, String(modelDir))).sort()).toEqual(['bot.dict', 'bot.lm']);
    await recognizer.close();
  });
});
