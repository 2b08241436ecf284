import { describe, expect, it } from 'vitest';
import { LexSessionStore } from '../../../src/gateway/http/lex-session-store.js';

const key = (sessionId: string) => ({ botId: 'PARLEYBOT1', botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId });
const session = (name: string) => ({ sessionState: { intent: { name } }, messages: [], interpretations: [] });

describe("the Lex emulator's session store", () => {
  it('forgets a session after its idle time, counted from the last write', () => {
    let now = 0;
    const store = new LexSessionStore({ ttlSeconds: 60, now: () => now });
    store.set(key('s-1'), session('A'));
    now = 59_000;
    expect(store.get(key('s-1'))?.sessionState.intent?.name).toBe('A');
    store.set(key('s-1'), session('B'));
    now = 118_000;
    expect(store.get(key('s-1'))?.sessionState.intent?.name).toBe('B');
    now = 119_000;
    expect(store.get(key('s-1'))).toBeUndefined();
    expect(store.delete(key('s-1'))).toBe(false);
  });

  it('keeps at most maxSessions, dropping the least recently written', () => {
    const store = new LexSessionStore({ maxSessions: 2 });
    store.set(key('s-1'), session('A'));
    store.set(key('s-2'), session('B'));
    store.set(key('s-1'), session('A2'));
    store.set(key('s-3'), session('C'));
    expect(store.size).toBe(2);
    expect(store.get(key('s-2'))).toBeUndefined();
    expect(store.get(key('s-1'))?.sessionState.intent?.name).toBe('A2');
  });

  it('keys by bot, alias, locale and session', () => {
    const store = new LexSessionStore();
    store.set(key('s-1'), session('A'));
    expect(store.get({ ...key('s-1'), localeId: 'en_GB' })).toBeUndefined();
    expect(store.get({ ...key('s-1'), botAliasId: 'OTHERALIAS' })).toBeUndefined();
    expect(store.delete(key('s-1'))).toBe(true);
  });
});
