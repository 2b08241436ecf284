/**
 * For tests that run a CLI command's function in-process: a scratch folder per test, and what the
 * command writes to stdout and stderr collected (and kept off the test's own output).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, vi } from 'vitest';

export interface InProcessCli {
  /** The current test's scratch folder. */
  readonly dir: string;
  /** Chunks written to stdout and stderr by the current test. */
  readonly out: string[];
  readonly err: string[];
}

/** Registers the hooks; read the fields inside tests (they are replaced for each test). */
export function useInProcessCli(prefix: string): InProcessCli {
  const state = { dir: '', out: [] as string[], err: [] as string[] };
  beforeEach(async () => {
    state.dir = await mkdtemp(path.join(tmpdir(), prefix));
    state.out = [];
    state.err = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => state.out.push(String(chunk)) > 0);
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => state.err.push(String(chunk)) > 0);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(state.dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return state.dir;
    },
    get out() {
      return state.out;
    },
    get err() {
      return state.err;
    },
  };
}
