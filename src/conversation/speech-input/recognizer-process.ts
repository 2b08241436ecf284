/**
 * Runs a recognizer command once (words on stdout) with a time limit and an abort signal. Output is bounded; a command that is not installed is reported as unavailable.
 */
import { spawn } from 'node:child_process';
import { recognizerFailed, recognizerTimeout, recognizerUnavailable } from './errors.js';

const MAX_OUTPUT_BYTES = 256 * 1024;

export interface ProcessRun {
  command: string;
  args: readonly string[];
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Resolves with stdout when the command exits 0. */
export function runRecognizerProcess(run: ProcessRun): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(run.command, run.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrTail = '';
    let settled = false;
    const finish = (error: Error | undefined, output?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      if (error !== undefined) reject(error);
      else resolve(output ?? '');
    };
    const timer = setTimeout(() => finish(recognizerTimeout(run.timeoutMs)), run.timeoutMs);
    const onAbort = (): void => finish(recognizerFailed('Speech recognition was cancelled'));
    if (run.signal?.aborted === true) return finish(recognizerFailed('Speech recognition was cancelled'));
    run.signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'EACCES') {
        finish(recognizerUnavailable(`The speech recognizer ${JSON.stringify(run.command)} is not installed (apt-get install pocketsphinx pocketsphinx-en-us)`, error));
      } else {
        finish(recognizerFailed('The speech recognizer could not be started', error));
      }
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.byteLength;
      if (stdoutBytes > MAX_OUTPUT_BYTES) return finish(recognizerFailed('The speech recognizer wrote more output than expected'));
      stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-2000);
    });
    child.on('close', (code) => {
      if (code === 0) finish(undefined, Buffer.concat(stdout).toString('utf8'));
      else finish(recognizerFailed(`The speech recognizer exited with code ${String(code)}`, new Error(stderrTail)));
    });
  });
}
