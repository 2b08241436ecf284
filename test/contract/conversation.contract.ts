/**
 * The conversation port's contract: the same checks against every engine. The local engine runs
 * it directly; the Lex adapter runs it through the real AWS SDK against Parley's Lex emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationEngine, RecognizeTextRequest, RecognizeTextResponse } from '../../src/conversation/port.js';
import { ValidationError } from '../../src/shared/errors.js';

export interface ConversationSubject {
  engine: ConversationEngine;
  /** Code of the ValidationError for invalid text. */
  invalidTextCode: string;
  close?: () => Promise<void>;
}

const texts = (r: RecognizeTextResponse): Array<string | undefined> => r.messages.map((m) => m.content);

export function conversationContract(name: string, open: () => Promise<ConversationSubject>): void {
  describe(`conversation contract: ${name}`, () => {
    let subject: ConversationSubject;
    let counter = 0;
    const prefix = name.replace(/[^0-9a-zA-Z]+/g, '-').slice(0, 40);
    beforeAll(async () => {
      subject = await open();
    });
    afterAll(async () => {
      await subject?.close?.();
    });
    // A fresh session per check, so engines that store sessions (Lex) start clean.
    const say = (text: string, rest: Partial<RecognizeTextRequest> = {}) =>
      subject.engine.recognizeText({ sessionId: `${prefix}-${(counter += 1)}`, text, ...rest });

    it('recognizes the intent and fills its slots', async () => {
      const r = await say('show me running shoes under 100 dollars');
      expect(r.interpretations[0]?.intent.name).toBe('RecommendItems');
      expect(r.interpretations.length).toBeLessThanOrEqual(5);
      expect(r.sessionState.intent).toMatchObject({
        name: 'RecommendItems',
        state: 'ReadyForFulfillment',
        slots: {
          Category: { value: { interpretedValue: 'running shoes' } },
          MaxPrice: { value: { originalValue: '100', interpretedValue: '100' } },
        },
      });
      expect(r.sessionState.dialogAction?.type).toBe('Close');
    });

    it('elicits a missing slot with its prompt', async () => {
      const r = await say('where is my order');
      expect(r.sessionState.dialogAction).toEqual({ type: 'ElicitSlot', slotToElicit: 'OrderNumber' });
      expect(r.sessionState.intent).toMatchObject({ name: 'OrderStatus', state: 'InProgress' });
      expect(texts(r)).toEqual(['What is your order number? It starts with PS followed by six digits.']);
    });

    it('asks for confirmation, then confirms on yes and declines on no', async () => {
      const asked = await say('where is order PS-654321');
      expect(asked.sessionState.dialogAction?.type).toBe('ConfirmIntent');
      const yes = await say('yes', { sessionState: asked.sessionState });
      expect(yes.sessionState.intent).toMatchObject({ name: 'OrderStatus', state: 'ReadyForFulfillment', confirmationState: 'Confirmed' });
      const no = await say('no', { sessionState: asked.sessionState });
      expect(no.sessionState.intent).toMatchObject({ state: 'Failed', confirmationState: 'Denied' });
      expect(no.sessionState.dialogAction?.type).toBe('Close');
      expect(texts(no)[0]).toMatch(/will not look that order up/);
    });

    it('falls back and asks for an intent when nothing matches', async () => {
      const r = await say('what is the capital of peru');
      expect(r.sessionState.intent?.name).toBe('FallbackIntent');
      expect(r.sessionState.dialogAction?.type).toBe('ElicitIntent');
      expect(texts(r)[0]).toMatch(/^Sorry, I did not get that/);
    });

    it('passes session attributes through', async () => {
      const r = await say('hello', { sessionState: { sessionAttributes: { customerId: 'c-1', promo: 'spring' } } });
      expect(r.sessionState.intent?.name).toBe('Greeting');
      expect(r.sessionState.sessionAttributes).toMatchObject({ customerId: 'c-1', promo: 'spring' });
    });

    it('rejects invalid text with a ValidationError', async () => {
      const error: unknown = await say('   ').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ code: subject.invalidTextCode, status: 400, retryable: false });
    });
  });
}
