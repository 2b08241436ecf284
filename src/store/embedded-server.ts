/**
 * Starts and stops the embedded MongoDB-compatible server (FerretDB with its SQLite backend) used
 * when no MONGODB_URI is configured.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { ParleyError } from '../shared/errors.js';
import { ensureFerretDb } from './ferretdb-install.js';
import type { StoreLog } from './store-log.js';

/**
 * SQLite's `synchronous` for the embedded server's files (journal mode WAL). 'normal': a commit
 * waits for no fsync, so it survives Parley or FerretDB crashing but the last commits may be lost
 * if the machine loses power; 'full': every commit is fsynced (FerretDB's own default).
 */
export type EmbeddedDbSync = 'normal' | 'full';

export interface EmbeddedServerOptions {
  /** Database files go in `<dataDir>/ferretdb/`. */
  dataDir: string;
  /** Default 'normal' (docs/storage.md: a turn's write waits a third less; p99 at 500 sessions about halved). */
  sync?: EmbeddedDbSync;
  /** FerretDB is installed in `<toolsDir>/bin/` on first use. */
  toolsDir: string;
  log: StoreLog;
  /** How long the server may take to accept connections (ms). */
  startTimeoutMs?: number;
  /** Grace after SIGTERM before SIGKILL (ms). */
  stopTimeoutMs?: number;
}

export interface EmbeddedServer {
  /** mongodb://127.0.0.1:<port>/ */
  readonly uri: string;
  readonly port: number;
  /** Process id of FerretDB's supervisor (its process group id). */
  readonly pid: number;
  /** SIGTERM, then SIGKILL after `stopTimeoutMs`. Idempotent. */
  stop(): Promise<void>;
}

/**
 * FerretDB runs under a small shell supervisor holding our end of a pipe on fd 0. When Parley
 * exits for any reason, even SIGKILL, the pipe reaches EOF and the supervisor stops FerretDB, so no
 * server outlives its parent. SIGTERM to the supervisor is forwarded.
 */
const SUPERVISOR = [
  'exec 3<&0',
  '"$@" </dev/null 3<&- &',
  'child=$!',
  `trap 'kill -TERM "$child" 2>/dev/null' TERM INT HUP`,
  '{ cat <&3 >/dev/null; kill -TERM "$child" 2>/dev/null; } &',
  'exec 3<&-',
  'status=0',
  'while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done',
  'exit $status',
].join('\n');

const PORT_ATTEMPTS = 3;

/**
 * Go runtime settings for the embedded FerretDB, unless the environment sets its own. At Go's
 * default (GOGC=100) its small heap is collected several times a second under load; GOGC=400 cut
 * its CPU per chat turn by about a tenth at 500 sessions (docs/storage.md). The soft memory limit
 * makes the collector work harder again before a large scan's garbage reaches it.
 */
export const FERRETDB_GO_ENV: Readonly<Record<string, string>> = { GOGC: '400', GOMEMLIMIT: '1GiB' };

/** The environment FerretDB runs with: Parley's, with FERRETDB_GO_ENV for what it leaves unset. */
export function ferretDbEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  for (const [name, value] of Object.entries(FERRETDB_GO_ENV)) if (out[name] === undefined || out[name] === '') out[name] = value;
  return out;
}

/** Installs FerretDB if needed, starts it on a free loopback port and waits until it accepts connections. */
export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const binary = await ensureFerretDb(options.toolsDir, options.log);
  const sqliteDir = path.join(options.dataDir, 'ferretdb');
  const stateDir = path.join(options.dataDir, 'ferretdb-state');
  await mkdir(sqliteDir, { recursive: true });
  await mkdir(stateDir, { recursive: true });
  let lastError: unknown;
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt += 1) {
    const port = await freePort();
    const args = ferretDbArgs(sqliteDir, stateDir, port, options.sync);
    try {
      return await launch(binary, args, port, options);
    } catch (error) {
      lastError = error; // most likely another process took the port between probe and bind
    }
  }
  throw lastError;
}

/** The command line FerretDB is started with. */
export function ferretDbArgs(sqliteDir: string, stateDir: string, port: number, sync: EmbeddedDbSync = 'normal'): string[] {
  return [
    '--handler=sqlite',
    // The URL form encodes spaces and '?' in the path; FerretDB needs the trailing '/', and hands
    // the query's pragmas to every SQLite connection it opens.
    `--sqlite-url=${pathToFileURL(sqliteDir).href}/?_pragma=synchronous(${sync.toUpperCase()})`,
    `--listen-addr=127.0.0.1:${port}`,
    `--state-dir=${stateDir}`,
    '--telemetry=disable',
    '--debug-addr=-',
    '--log-level=error',
  ];
}

async function launch(binary: string, args: string[], port: number, options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const child = spawn('/bin/sh', ['-c', SUPERVISOR, 'ferretdb-supervisor', binary, ...args], {
    // Own process group, so stop() can signal FerretDB and its supervisor together.
    detached: true,
    stdio: ['pipe', 'ignore', 'pipe'],
    env: ferretDbEnv(),
  });
  let stderrTail = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-4096);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  const pid = child.pid;
  if (pid === undefined) throw startFailed('could not spawn /bin/sh', stderrTail);
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const isReady = await waitUntilListening(port, startTimeoutMs, exited);
  if (!isReady) {
    const reason = child.exitCode === null ? `not listening after ${startTimeoutMs} ms` : 'exited at start';
    await stopProcess(child, exited, options.stopTimeoutMs ?? 5000);
    throw startFailed(reason, stderrTail);
  }
  let isStopping = false;
  void exited.then((code) => {
    if (!isStopping) options.log('embedded FerretDB exited unexpectedly', { code, stderr: stderrTail.slice(-500) });
  });
  options.log('embedded FerretDB started', { port, pid });
  let stopping: Promise<void> | undefined;
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    pid,
    stop: () => {
      isStopping = true;
      stopping ??= stopProcess(child, exited, options.stopTimeoutMs ?? 5000);
      return stopping;
    },
  };
}

async function stopProcess(child: ChildProcess, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    signalGroup(child, 'SIGTERM');
    const timer = sleep(timeoutMs).then(() => 'timeout' as const);
    if ((await Promise.race([exited, timer])) === 'timeout') {
      signalGroup(child, 'SIGKILL');
      await exited;
    }
  }
  // Anything left in the group (the supervisor's stdin watcher) goes too.
  signalGroup(child, 'SIGKILL');
  child.stdin?.destroy();
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone
  }
}

async function waitUntilListening(port: number, timeoutMs: number, exited: Promise<unknown>): Promise<boolean> {
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (!hasExited && Date.now() < deadline) {
    if (await canConnect(port)) return true;
    await sleep(100);
  }
  return false;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/** A loopback port free right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function startFailed(reason: string, stderrTail: string): ParleyError {
  return new ParleyError('PARLEY_STORE_NO_SERVER', `The embedded FerretDB did not start: ${reason}.`, {
    status: 503,
    retryable: false,
    details: { output: stderrTail.slice(-2000) },
  });
}
