import { describe, expect, it } from 'vitest';
import { LexErrorCode, toParleyError } from '../../../src/conversation/lex-errors.js';
import { decodeLexHeader, encodeLexHeader, toPortMessages, toPortSessionState } from '../../../src/conversation/lex-shapes.js';
import { NotFoundError, UpstreamError, ValidationError } from '../../../src/shared/errors.js';

describe('Lex wire shapes', () => {
  it('keeps unfilled slots as null and fills the fields Lex marks required', () => {
    const state = toPortSessionState({
      dialogAction: { type: 'ElicitSlot', slotToElicit: 'Brand' },
      intent: { name: 'RecommendItems', slots: { Brand: null, MaxPrice: { shape: 'Scalar', value: { originalValue: '100', interpretedValue: '100' } } }, state: 'InProgress' },
    });
    expect(state).toEqual({
      dialogAction: { type: 'ElicitSlot', slotToElicit: 'Brand' },
      intent: { name: 'RecommendItems', slots: { Brand: null, MaxPrice: { shape: 'Scalar', value: { originalValue: '100', interpretedValue: '100' } } }, state: 'InProgress' },
    });
    expect(toPortMessages([{ contentType: 'ImageResponseCard', imageResponseCard: { title: 'Pick one', buttons: [{ text: 'A', value: 'a' }] } }])).toEqual([
      { contentType: 'ImageResponseCard', imageResponseCard: { title: 'Pick one', buttons: [{ text: 'A', value: 'a' }] } },
    ]);
  });

  it('turns an unknown enum spelling into a bad-response error', () => {
    expect(() => toPortSessionState({ dialogAction: { type: 'Elicit_Slot' } })).toThrow(expect.objectContaining({ code: LexErrorCode.BadResponse }));
  });

  it('encodes and decodes the gzip+base64 headers', () => {
    const value = { sessionAttributes: { customerId: 'c-1' } };
    expect(decodeLexHeader(encodeLexHeader(value), 'sessionState')).toEqual(value);
    expect(decodeLexHeader(undefined, 'sessionState')).toBeUndefined();
    expect(() => decodeLexHeader('%%%', 'sessionState')).toThrow(expect.objectContaining({ code: LexErrorCode.BadResponse }));
  });
});

describe('Lex error mapping', () => {
  const named = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error('Lex said something about the customer'), { name, ...extra });

  it('maps modeled exceptions and network failures, keeping Lex messages out', () => {
    expect(toParleyError(named('ValidationException'), { operation: 'RecognizeText' })).toBeInstanceOf(ValidationError);
    expect(toParleyError(named('ResourceNotFoundException'), { operation: 'GetSession', isSessionLookup: true })).toMatchObject({ code: LexErrorCode.SessionNotFound });
    expect(toParleyError(named('ResourceNotFoundException'), { operation: 'RecognizeText' })).toBeInstanceOf(NotFoundError);
    const refused = toParleyError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), { operation: 'RecognizeText' });
    expect(refused).toBeInstanceOf(UpstreamError);
    expect(refused).toMatchObject({ code: LexErrorCode.Unavailable, retryable: true });
    const mapped = toParleyError(named('InternalServerException', { $metadata: { httpStatusCode: 500 } }), { operation: 'RecognizeText' });
    expect(mapped).toMatchObject({ code: LexErrorCode.Unavailable, details: { operation: 'RecognizeText', lexError: 'InternalServerException', httpStatus: 500 } });
    expect(mapped.message).not.toMatch(/customer/);
    expect(toParleyError(named('SomethingNew', { $metadata: { httpStatusCode: 418 } }), { operation: 'RecognizeText' })).toMatchObject({ code: LexErrorCode.BadResponse, retryable: false });
  });
});
