import { describe, expect, it } from 'vitest';
import { joinSpelledCodes } from '../../../src/conversation/speech-input/spelled-codes.js';

describe('joinSpelledCodes', () => {
  it('joins letter names and digit words into the written code', () => {
    expect(joinSpelledCodes('check order p s seven four one eight five two')).toBe('check order PS741852');
    expect(joinSpelledCodes('track order p s one oh four two two nine please')).toBe('track order PS104229 please');
  });

  it('leaves ordinary speech with a few numbers alone', () => {
    expect(joinSpelledCodes('book a fitting for two')).toBe('book a fitting for two');
    expect(joinSpelledCodes('show me size nine boots')).toBe('show me size nine boots');
    expect(joinSpelledCodes('i need a two piece')).toBe('i need a two piece');
    expect(joinSpelledCodes('oh hello')).toBe('oh hello');
  });

  it('joins digits read one by one and keeps the words around them', () => {
    expect(joinSpelledCodes('my code is four two four two')).toBe('my code is 4242');
    expect(joinSpelledCodes('')).toBe('');
  });
});
