import { describe, expect, it } from 'vitest';
import { LocalConversationEngine } from '../../../src/conversation/local/local-conversation-engine.js';
import type { RecognizeTextResponse, SessionState } from '../../../src/conversation/port.js';
import { storeBot } from '../../helpers/bot-builder.js';

const engine = new LocalConversationEngine(storeBot(), { seed: 'dialog', clock: () => new Date('2026-05-01T10:00:00Z') });

async function say(text: string, state?: SessionState): Promise<RecognizeTextResponse> {
  return engine.recognizeText({ sessionId: 'sess-1', text, ...(state ? { sessionState: state } : {}) });
}
const texts = (r: RecognizeTextResponse) => r.messages.map((m) => m.content);

describe('dialog manager', () => {
  it('elicits, retries, then fails', async () => {
    let r = await say('where is my order');
    expect(r.sessionState.dialogAction).toEqual({ type: 'ElicitSlot', slotToElicit: 'OrderNumber' });
    r = await say('hmm not sure', r.sessionState);
    expect(r.sessionState.dialogAction?.type).toBe('ElicitSlot');
    r = await say('i forgot it', r.sessionState);
    expect(r.sessionState.dialogAction?.type).toBe('ElicitSlot');
    r = await say('no clue', r.sessionState);
    expect(r.sessionState.intent?.state).toBe('Failed');
    expect(r.sessionState.dialogAction?.type).toBe('Close');
    expect(texts(r)).toEqual(['Sorry, I could not find that order number.']);
  });

  it('elicits, fills, confirms and is denied', async () => {
    let r = await say('track my order');
    r = await say('it is ps 123456', r.sessionState);
    expect(r.sessionState.dialogAction?.type).toBe('ConfirmIntent');
    expect(texts(r)).toEqual(['Check order PS-123456, right?']);
    r = await say('no', r.sessionState);
    expect(r.sessionState.intent).toMatchObject({ state: 'Failed', confirmationState: 'Denied' });
    expect(r.sessionState.dialogAction?.type).toBe('Close');
    expect(texts(r)).toEqual(['Okay, I will not check it.']);
  });

  it('confirms into ReadyForFulfillment', async () => {
    let r = await say('where is order PS-654321');
    r = await say('yes', r.sessionState);
    expect(r.sessionState.intent).toMatchObject({ name: 'OrderStatus', state: 'ReadyForFulfillment', confirmationState: 'Confirmed' });
    expect(r.sessionState.dialogAction?.type).toBe('Close');
    expect(engine.closingMessages('OrderStatus', { OrderNumber: 'PS-654321' })).toEqual([{ contentType: 'PlainText', content: 'Anything else about order PS-654321?' }]);
  });

  it('switches intent when the user clearly asks for something else', async () => {
    let r = await say('where is my order');
    r = await say('what are your store hours', r.sessionState);
    expect(r.sessionState.intent).toMatchObject({ name: 'StoreHours', state: 'Fulfilled' });
  });

  it('falls back and asks for an intent', async () => {
    const r = await say('what is the capital of peru');
    expect(r.sessionState.intent?.name).toBe('FallbackIntent');
    expect(r.sessionState.dialogAction?.type).toBe('ElicitIntent');
    expect(r.interpretations.length).toBeLessThanOrEqual(5);
  });

  it('carries session attributes through', async () => {
    const r = await say('hello', { sessionAttributes: { customerId: 'c-1', promo: 'spring' } });
    expect(r.sessionState.sessionAttributes).toMatchObject({ customerId: 'c-1', promo: 'spring' });
  });

  it('rejects invalid text and session ids', async () => {
    await expect(say('   ')).rejects.toMatchObject({ code: 'PARLEY_CONVERSATION_TEXT_INVALID' });
    await expect(say('x'.repeat(1025))).rejects.toMatchObject({ code: 'PARLEY_CONVERSATION_TEXT_INVALID' });
    await expect(say('hi\u0007')).rejects.toMatchObject({ code: 'PARLEY_CONVERSATION_TEXT_INVALID' });
    await expect(engine.recognizeText({ sessionId: 'a b', text: 'hi' })).rejects.toMatchObject({ code: 'PARLEY_CONVERSATION_SESSION_ID_INVALID' });
  });
});
