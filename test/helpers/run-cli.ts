/** `parley ...` as an operator runs it: a child process, with only PATH and HOME from this environment. */
import { spawn } from 'node:child_process';
import path from 'node:path';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** Added to PATH, HOME and PARLEY_LOG_LEVEL=silent. */
  env?: Record<string, string>;
  /** Written to the CLI's stdin, which is then closed. */
  input?: string;
  /** Run the compiled CLI (bin/parley.js, as installed) instead of the source through tsx. */
  compiled?: boolean;
}

/** Runs the CLI with `args` in the repository root. */
export function runCli(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  const entry = options.compiled ? [path.join(REPO_ROOT, 'bin/parley.js')] : ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli/main.ts')];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...entry, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PARLEY_LOG_LEVEL: 'silent', ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
