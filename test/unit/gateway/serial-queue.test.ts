import { describe, expect, it } from 'vitest';
import { SerialQueue } from '../../../src/gateway/ws/serial-queue.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('SerialQueue', () => {
  it('runs tasks one at a time in order', async () => {
    const queue = new SerialQueue(10, () => undefined);
    const log: string[] = [];
    const first = deferred();
    queue.push(async () => {
      log.push('a-start');
      await first.promise;
      log.push('a-end');
    });
    queue.push(async () => {
      log.push('b');
    });
    await Promise.resolve();
    expect(log).toEqual(['a-start']);
    first.resolve();
    await queue.idle();
    expect(log).toEqual(['a-start', 'a-end', 'b']);
  });

  it('refuses tasks beyond its capacity, the running one included', () => {
    const queue = new SerialQueue(2, () => undefined);
    const gate = deferred();
    expect(queue.push(() => gate.promise)).toBe(true);
    expect(queue.push(async () => undefined)).toBe(true);
    expect(queue.push(async () => undefined)).toBe(false);
    gate.resolve();
  });

  it('keeps going after a failing task and reports it', async () => {
    const errors: unknown[] = [];
    const queue = new SerialQueue(5, (e) => errors.push(e));
    let ran = false;
    queue.push(async () => {
      throw new Error('boom');
    });
    queue.push(async () => {
      ran = true;
    });
    await queue.idle();
    expect(ran).toBe(true);
    expect(errors).toHaveLength(1);
  });

  it('drops waiting tasks on close and lets idle resolve', async () => {
    const queue = new SerialQueue(5, () => undefined);
    const gate = deferred();
    let secondRan = false;
    queue.push(() => gate.promise);
    queue.push(async () => {
      secondRan = true;
    });
    queue.close();
    expect(queue.push(async () => undefined)).toBe(false);
    gate.resolve();
    await queue.idle();
    expect(secondRan).toBe(false);
  });
});
