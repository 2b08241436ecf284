import { describe, expect, it } from 'vitest';
import { escapeXml, lintSsml, parseSsml, renderTemplate, renderTemplateIfSupplied, templateVariables, textOfRoot, thrown, validateSsml } from './speech-test-kit.js';

const CUSTOMER = 'Me & "you" <break time="10s"/> it\'s <amazon:effect name="whispered">x</amazon:effect>';

describe('escapeXml', () => {
  it('escapes markup characters and removes characters XML forbids', () => {
    expect(escapeXml('a<b>&"c\'')).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(escapeXml('bell\u0007 nul\u0000 ok')).toBe('bell nul ok');
  });
});

describe('renderTemplate', () => {
  it('renders a customer string with a break tag, & and quotes as literal text that validates', () => {
    const ssml = renderTemplate('<speak>You said: {{heard}}.</speak>', { heard: CUSTOMER });
    for (const engine of ['standard', 'neural', 'long-form', 'generative'] as const) {
      expect(validateSsml(ssml, { engine }).diagnostics).toEqual([]);
    }
    const parsed = parseSsml(ssml);
    expect(parsed.ok && parsed.root.children).toEqual([expect.objectContaining({ kind: 'text', text: `You said: ${CUSTOMER}.` })]);
    expect(parsed.ok && parsed.root.children.some((c) => c.kind === 'element')).toBe(false);
    expect(lintSsml(ssml, { engine: 'neural' }).map((d) => d.code)).toEqual(['literal-markup']);
  });

  it('escapes values inside attributes too', () => {
    const ssml = renderTemplate('<speak><sub alias="{{alias}}">x</sub></speak>', { alias: '"/><break time="10s"/><sub alias="' });
    expect(validateSsml(ssml, { engine: 'neural' }).ok).toBe(true);
    expect(ssml).not.toContain('<break');
  });

  it('renders lists with position and spoken separators', () => {
    const template = '<speak>{{#items}}{{@number}}. {{name}}{{@sep}}{{/items}}</speak>';
    const items = [{ name: 'A&B' }, { name: 'C' }, { name: 'D' }];
    expect(renderTemplate(template, { items })).toBe('<speak>1. A&amp;B, 2. C and 3. D</speak>');
    expect(renderTemplate('<speak>{{#xs}}{{.}}{{@sep}}{{/xs}}</speak>', { xs: ['x', 'y'] })).toBe('<speak>x and y</speak>');
    expect(renderTemplate('<speak>{{#xs}}{{.}}{{/xs}}</speak>', { xs: [] })).toBe('<speak></speak>');
  });

  it('reads nested values and outer variables inside a list', () => {
    const out = renderTemplate('{{item.name}} {{#sizes}}{{.}}{{unit}} {{/sizes}}', { item: { name: 'Boot' }, sizes: [9, 10], unit: 'US' });
    expect(out).toBe('Boot 9US 10US ');
  });

  it('fails clearly on a missing variable or unbalanced section', () => {
    expect(thrown(() => renderTemplate('<speak>Hi {{firstName}}</speak>', {}))).toMatchObject({ code: 'PARLEY_SPEECH_TEMPLATE_VARIABLE', details: { variable: 'firstName' } });
    expect(thrown(() => renderTemplate('{{item.size}}', { item: { name: 'x' } }))).toMatchObject({ code: 'PARLEY_SPEECH_TEMPLATE_VARIABLE' });
    expect(thrown(() => renderTemplate('{{#items}}x', { items: [] }))).toMatchObject({ code: 'PARLEY_SPEECH_TEMPLATE_SYNTAX' });
    expect(thrown(() => renderTemplate('x{{/items}}', {}))).toMatchObject({ code: 'PARLEY_SPEECH_TEMPLATE_SYNTAX' });
    expect(thrown(() => renderTemplate('{{items}}', { items: [1] }))).toMatchObject({ code: 'PARLEY_SPEECH_TEMPLATE_VARIABLE' });
  });

  it('renders only when every top-level variable is supplied, without throwing for one that is not', () => {
    const template = '<speak>Hi {{firstName}}, it ships {{date}}.</speak>';
    expect(renderTemplateIfSupplied(template, { firstName: 'Ana' })).toBeUndefined();
    expect(renderTemplateIfSupplied(template, { firstName: 'Ana', date: 'friday' })).toBe('<speak>Hi Ana, it ships friday.</speak>');
    // The same text again, other values: a parsed template is reused, not its rendering.
    expect(renderTemplateIfSupplied(template, { firstName: 'Bo & Cy', date: 'today' })).toBe('<speak>Hi Bo &amp; Cy, it ships today.</speak>');
    expect(renderTemplateIfSupplied('{{#sizes}}{{.}}{{unit}} {{/sizes}}', { sizes: [] })).toBe('');
    // Supplied but not as the template needs it: the same errors as renderTemplate.
    expect(thrown(() => renderTemplateIfSupplied('{{item.size}}', { item: { name: 'x' } }))).toMatchObject({ code: 'PARLEY_SPEECH_TEMPLATE_VARIABLE' });
    expect(thrown(() => renderTemplateIfSupplied('{{#items}}x', {}))).toMatchObject({ code: 'PARLEY_SPEECH_TEMPLATE_SYNTAX' });
    expect(thrown(() => renderTemplateIfSupplied('{{#items}}x', { items: [] }))).toMatchObject({ code: 'PARLEY_SPEECH_TEMPLATE_SYNTAX' });
  });

  it('lists the top-level variables a template uses (names inside a list belong to its items)', () => {
    expect(templateVariables('{{a}} {{#items}}{{name}}{{@sep}}{{/items}} {{b.c}}')).toEqual(['a', 'items', 'b']);
  });

  it('lint flags an unrendered placeholder and double escaping', () => {
    expect(lintSsml('<speak>Hi {{name}}</speak>', { engine: 'neural' }).map((d) => d.code)).toEqual(['unrendered-placeholder']);
    expect(lintSsml('<speak>Fish &amp;amp; chips</speak>', { engine: 'neural' }).map((d) => d.code)).toEqual(['double-escaped']);
    expect(textOfRoot('<speak>a &amp; b</speak>')).toBe('a & b');
  });
});
