import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../../src/store/keyed-queue.js';

describe('keyed queue', () => {
  it('runs tasks of one key in order, even after a failure, and other keys alongside', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      log.push(`${name}+`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${name}-`);
      if (fail) throw new Error(name);
      return name;
    };
    const a1 = queue.run('a', task('a1', 20, true));
    const a2 = queue.run('a', task('a2', 1));
    const b1 = queue.run('b', task('b1', 1));
    await expect(a1).rejects.toThrow('a1');
    expect(await a2).toBe('a2');
    expect(await b1).toBe('b1');
    expect(log.indexOf('a2+')).toBeGreaterThan(log.indexOf('a1-'));
    expect(log.indexOf('b1+')).toBeLessThan(log.indexOf('a1-'));
  });
});
