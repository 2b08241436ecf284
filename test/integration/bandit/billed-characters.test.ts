/**
 * The reward's speaking cost counts billed characters without an XML parse (it runs for every
 * variant of every reply): on every variant of the real scripts in ssml/, with plain values and
 * with values that need escaping, the count equals the text of the parsed SSML.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { billedCharacters } from '../../../src/fulfillment/reply-variants.js';
import { exampleVariables, parseBrandScript, parseSsml, renderVariant, textOf, type TemplateVariables } from '../../../src/speech/index.js';
import { REPO_ROOT } from '../pipeline/app-fixture.js';

const SCRIPTS = path.join(REPO_ROOT, 'ssml', 'scripts');
const AWKWARD = 'Tom & "Jerry" <b> it\'s 😀 &#x1F600;';

describe('billed characters of a rendered variant', () => {
  it('equal the length of its parsed text, for every script variant', () => {
    let checked = 0;
    for (const file of readdirSync(SCRIPTS).filter((f) => f.endsWith('.json'))) {
      const script = parseBrandScript(JSON.parse(readFileSync(path.join(SCRIPTS, file), 'utf8')));
      const plain = exampleVariables(script);
      const awkward: TemplateVariables = Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, typeof v === 'string' ? AWKWARD : v]));
      for (const variant of script.variants) {
        for (const variables of [plain, awkward]) {
          const ssml = renderVariant(variant, variables);
          const parsed = parseSsml(ssml);
          if (!parsed.ok) throw new Error(`${file} ${variant.id} does not parse`);
          expect(billedCharacters(ssml), `${file} ${variant.id}`).toBe(textOf(parsed.root).length);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
  });
});
