/** Which script variables a reply the bot closes itself gets: the first name, and what was heard. */
import { describe, expect, it } from 'vitest';
import { ClosingScripts, echoable, MAX_HEARD_CHARS } from '../../../src/fulfillment/closing-scripts.js';
import type { Identity } from '../../../src/fulfillment/port.js';
import type { Customer } from '../../../src/store/port.js';

const known: Identity = { siteKey: 'site', userId: 'c-1', anonymous: false };
const anonymous: Identity = { siteKey: 'site', userId: 'anon-1', anonymous: true };
const priya = { customerId: 'c-1', name: { first: ' Priya ', last: 'Shah' } } as Customer;
const customers = {
  get: async (id: string): Promise<Customer | null> => (id === 'c-1' ? priya : null),
};

describe('ClosingScripts', () => {
  const scripts = new ClosingScripts({ intents: ['Greeting', 'FallbackIntent'], fallbackIntent: 'FallbackIntent', customers });

  it("offers a known customer's first name, and nothing for an anonymous or unknown one", async () => {
    expect(await scripts.scriptFor('Greeting', { identity: known, heard: 'hi' })).toEqual({ intent: 'Greeting', variables: { firstName: 'Priya' }, customer: priya });
    expect(await scripts.scriptFor('Greeting', { identity: anonymous, heard: 'hi' })).toEqual({ intent: 'Greeting', variables: {} });
    expect(await scripts.scriptFor('Greeting', { identity: { ...known, userId: 'c-404' }, heard: 'hi' })).toEqual({ intent: 'Greeting', variables: {}, customer: null });
  });

  it('reads the profile once per script, for the name and for the bandit', async () => {
    let reads = 0;
    const counted = new ClosingScripts({ intents: ['Greeting'], fallbackIntent: 'FallbackIntent', customers: { get: async (id) => { reads += 1; return customers.get(id); } } });
    const script = await counted.scriptFor('Greeting', { identity: known, heard: 'hi' });
    expect(reads).toBe(1);
    expect(script?.customer).toBe(priya);
  });

  it('gives what was heard to the fallback only', async () => {
    expect(await scripts.scriptFor('FallbackIntent', { identity: anonymous, heard: '  purple   monkey ' })).toEqual({ intent: 'FallbackIntent', variables: { heard: 'purple monkey' } });
    expect((await scripts.scriptFor('Greeting', { identity: anonymous, heard: 'purple monkey' }))?.variables).toEqual({});
  });

  it('has nothing for an intent without a script', async () => {
    expect(await scripts.scriptFor('RecommendItems', { identity: known, heard: 'boots' })).toBeUndefined();
  });

  it('still offers the script when the profile cannot be read, and reports the failure', async () => {
    const failures: string[] = [];
    const down = new ClosingScripts({
      intents: ['Greeting'],
      fallbackIntent: 'FallbackIntent',
      customers: { get: async () => Promise.reject(new Error('database down')) },
      onError: (error, what) => failures.push(`${what}: ${(error as Error).message}`),
    });
    expect(await down.scriptFor('Greeting', { identity: known, heard: 'hi' })).toEqual({ intent: 'Greeting', variables: {}, customer: null });
    expect(failures).toEqual(['customer profile: database down']);
  });
});

describe('echoable', () => {
  it('keeps short plain words, whitespace collapsed', () => {
    expect(echoable('  blue   suede\tshoes? ')).toBe('blue suede shoes?');
    expect(echoable('Ben & Jerry’s 50% off')).toBe('Ben & Jerry’s 50% off');
    expect(echoable('café crème')).toBe('café crème');
  });

  it('refuses long, empty and markup-like input', () => {
    expect(echoable('')).toBeUndefined();
    expect(echoable('   ')).toBeUndefined();
    expect(echoable('a'.repeat(MAX_HEARD_CHARS + 1))).toBeUndefined();
    expect(echoable('one two three four five six seven eight nine')).toBeUndefined();
    expect(echoable('<break time="10s"/>')).toBeUndefined();
    expect(echoable('see https://example.com')).toBeUndefined();
    expect(echoable('hi 😀')).toBeUndefined();
    expect(echoable('{{firstName}}')).toBeUndefined();
  });
});
