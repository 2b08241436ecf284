import { describe, expect, it } from 'vitest';
import { parseSsml } from '../../../src/speech/index.js';

describe('parseSsml', () => {
  it('builds a tree with positions and decoded text', () => {
    const result = parseSsml('<speak>\n  Rock &amp; roll <break time="1s"/>\n</speak>');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [text, element] = result.root.children;
    expect(text).toMatchObject({ kind: 'text', text: '\n  Rock & roll ', position: { line: 1, column: 8 } });
    expect(element).toMatchObject({ kind: 'element', name: 'break', position: { line: 2, column: 19 }, attributes: [{ name: 'time', value: '1s' }] });
  });

  it('keeps undeclared amazon: prefixes as written (Polly does not declare them)', () => {
    const result = parseSsml('<speak><amazon:effect name="drc">x</amazon:effect></speak>');
    expect(result.ok && result.root.children[0]).toMatchObject({ name: 'amazon:effect' });
  });

  it.each([
    ['unclosed tag', '<speak>\nHello <emphasis>there\n</speak>', 3, 'close tag'],
    ['tag left open', '<speak>\n  <p>Hello', 2, 'unclosed'],
    ['bare ampersand', '<speak>Fish & chips</speak>', 1, ''],
    ['undefined entity', '<speak>a&nbsp;b</speak>', 1, 'entity'],
    ['unquoted attribute', '<speak><break time=1s/></speak>', 1, ''],
    ['text after root', '<speak>a</speak> trailing', 1, ''],
    ['second line error', '<speak>\n  <break time="1s">\n</speak>', 3, ''],
  ])('reports %s with line and column', (_name, source, line, word) => {
    const result = parseSsml(source);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const first = result.diagnostics[0];
    expect(first).toMatchObject({ severity: 'error', code: 'malformed-xml', line });
    expect(first?.column).toBeGreaterThan(0);
    expect(first?.message.toLowerCase()).toContain(word);
  });

  it('reports an empty document', () => {
    const result = parseSsml('');
    expect(result.ok).toBe(false);
  });
});
