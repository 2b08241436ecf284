/**
 * What the WebSocket benches share: a free port for the service they start, waiting until it is
 * ready, opening a chat session, and nearest-rank percentiles.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import WebSocket from 'ws';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls `${url}/ready` until it answers 2xx; fails at once if the service exits. */
export async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('server not ready in time');
}

/** Nearest-rank percentile `p` (0-100) of ascending `sorted`; NaN when empty. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** Opens `/v1/chat`, sends `hello` and resolves with the socket once `session.ready` arrives. */
export async function openChat(url: string, hello: Record<string, unknown>): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/v1/chat`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const ready = new Promise<void>((resolve, reject) => {
    ws.once('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string };
      if (message.type === 'session.ready') resolve();
      else reject(new Error(`unexpected ${String(data)}`));
    });
  });
  ws.send(JSON.stringify({ type: 'session.hello', v: 1, ...hello }));
  await ready;
  return ws;
}
