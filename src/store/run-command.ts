/** Runs a short-lived command (go, ferretdb --version) and collects a bounded tail of its output. */
import { spawn } from 'node:child_process';

export interface CommandResult {
  /** null when the command could not be started or was killed. */
  exitCode: number | null;
  stdout: string;
  /** The last few KiB of stderr, for error details. */
  stderrTail: string;
  /** Set when the command could not be started at all (ENOENT: not installed). */
  spawnErrorCode?: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
}

const MAX_OUTPUT_CHARS = 64 * 1024;
const TAIL_CHARS = 4 * 1024;

export function runCommand(command: string, args: string[], options: RunOptions): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < MAX_OUTPUT_CHARS) stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-TAIL_CHARS);
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      resolve({ exitCode: null, stdout, stderrTail: stderr, spawnErrorCode: error.code ?? 'ERROR' });
    });
    child.once('close', (code) => resolve({ exitCode: code, stdout, stderrTail: stderr }));
  });
}
