import { describe, expect, it } from 'vitest';
import { POLLY_LIMITS, parseSsml, splitSsml, validateSsml, type SsmlElement, type SsmlNode } from './speech-test-kit.js';

/** Small deterministic PRNG so that failures reproduce. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['Northpeak', 'boots', 'are', 'great', 'for', 'rainy', 'trails', 'and', 'city', 'walks', 'R&D', 'fit', '"quoted"', 'price'];

function sentence(next: () => number): string {
  const length = 3 + Math.floor(next() * 25);
  const words = Array.from({ length }, () => WORDS[Math.floor(next() * WORDS.length)] ?? 'word');
  return `${words.join(' ')}${['.', '!', '?'][Math.floor(next() * 3)] ?? '.'}`;
}

const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** A long document mixing paragraphs, prosody, sub, say-as and breaks, sometimes without punctuation. */
function document(seed: number, sentences: number): string {
  const next = random(seed);
  const parts: string[] = [];
  for (let i = 0; i < sentences; i += 1) {
    const roll = next();
    const text = esc(sentence(next));
    if (roll < 0.15) parts.push(`<p>${text} ${esc(sentence(next))}</p>`);
    else if (roll < 0.3) parts.push(`<prosody rate="90%"><s>${text}</s> ${esc(sentence(next))}</prosody>`);
    else if (roll < 0.4) parts.push(`${text} <sub alias="North Peak">Northpeak</sub> <say-as interpret-as="digits">${i}</say-as>`);
    else if (roll < 0.45) parts.push(`<break time="300ms"/>${text}`);
    else if (roll < 0.5) parts.push(`<amazon:effect name="drc"><prosody volume="loud">${text.replace(/[.!?]$/, '')} ${'very '.repeat(40)}long</prosody></amazon:effect>`);
    else parts.push(text);
  }
  return `<speak>${parts.join(' ')}</speak>`;
}

function words(node: SsmlNode): string[] {
  const text = node.kind === 'text' ? node.text : node.children.map((c) => words(c).join(' ')).join(' ');
  return text.split(/\s+/).filter((w) => w !== '');
}

function root(ssml: string): SsmlElement {
  const parsed = parseSsml(ssml);
  if (!parsed.ok) throw new Error(`not well-formed: ${parsed.diagnostics[0]?.message ?? ''}`);
  return parsed.root;
}

describe('splitSsml', () => {
  it('returns a short document unchanged, as one piece', () => {
    expect(splitSsml('<speak>Hello <break time="1s"/> there.</speak>')).toEqual([{ ssml: '<speak>Hello <break time="1s"/> there.</speak>', billedCharacters: 13 }]);
  });

  it('bills text only, not tags', () => {
    const [piece] = splitSsml('<speak><prosody rate="90%">Hi &amp; bye</prosody></speak>');
    expect(piece?.billedCharacters).toBe('Hi & bye'.length);
  });

  it('cuts at sentence boundaries and reopens the enclosing tags', () => {
    const pieces = splitSsml('<speak><prosody rate="90%">One two. Three four. Five six.</prosody></speak>', { limits: { maxBilledChars: 21, maxTotalChars: 100 } });
    expect(pieces.map((p) => p.ssml)).toEqual([
      '<speak><prosody rate="90%">One two. Three four. </prosody></speak>',
      '<speak><prosody rate="90%">Five six.</prosody></speak>',
    ]);
  });

  it('cuts an over-long sentence at spaces, and a word with no spaces anywhere', () => {
    const long = `<speak>${'word '.repeat(1000)}${'x'.repeat(4000)}</speak>`;
    const pieces = splitSsml(long);
    expect(pieces.every((p) => p.billedCharacters <= POLLY_LIMITS.maxBilledChars)).toBe(true);
    expect(pieces.map((p) => words(root(p.ssml)).join('')).join('')).toBe(`${'word'.repeat(1000)}${'x'.repeat(4000)}`);
  });

  it('rejects malformed input with PARLEY_SPEECH_INVALID_SSML', () => {
    expect(() => splitSsml('<speak>oops')).toThrow(expect.objectContaining({ code: 'PARLEY_SPEECH_INVALID_SSML' }));
  });

  // Property: for generated long documents, every piece is under both limits, is well-formed and
  // valid, and the pieces' words in order are exactly the document's words.
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('keeps every request under the limits, balanced, with no text lost (seed %i)', (seed) => {
    const source = document(seed, 150 + seed * 40);
    expect(validateSsml(source, { engine: 'standard' }).ok).toBe(true);
    const limits = seed % 2 === 0 ? POLLY_LIMITS : { maxBilledChars: 400, maxTotalChars: 900 };
    const pieces = splitSsml(source, { limits });
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.billedCharacters).toBeLessThanOrEqual(limits.maxBilledChars);
      expect(piece.ssml.length).toBeLessThanOrEqual(limits.maxTotalChars);
      const result = validateSsml(piece.ssml, { engine: 'standard' });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    }
    expect(pieces.flatMap((p) => words(root(p.ssml)))).toEqual(words(root(source)));
  });
});
