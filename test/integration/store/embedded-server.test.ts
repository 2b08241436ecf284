import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { startEmbeddedServer } from '../../../src/store/embedded-server.js';
import { silentStoreLog } from '../../../src/store/store-log.js';
import { buildStoreFixture } from './fixture-build.js';

/** Live (non-zombie) processes of a process group; zombies may wait long for a reaper in containers. */
function isGroupAlive(pgid: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && Number(fields[2]) === pgid) return true;
  }
  return false;
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await sleep(50);
  }
  return condition();
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describe('embedded FerretDB', () => {
  const { toolsDir } = loadConfig();
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-embedded-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts, serves, and on stop leaves no process behind and frees its port', async () => {
    const server = await startEmbeddedServer({ dataDir, toolsDir, log: silentStoreLog });
    const client = await new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000 }).connect();
    await client.db('probe').collection('x').insertOne({ a: 1 });
    expect(await client.db('probe').collection('x').countDocuments()).toBe(1);
    await client.close();

    await server.stop();
    await server.stop(); // idempotent
    expect(await waitUntil(() => !isGroupAlive(server.pid), 2000)).toBe(true);
    expect(await canListen(server.port)).toBe(true);
  });

  it('stops FerretDB when its parent process is killed with SIGKILL', async () => {
    const fixture = await buildStoreFixture(dataDir);
    const parent = spawn(process.execPath, [fixture, dataDir, toolsDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      parent.stdout.setEncoding('utf8').once('data', (chunk: string) => resolve(chunk.trim()));
      parent.once('exit', (code) => reject(new Error(`fixture exited early (${code})`)));
    });
    const { pid, port } = JSON.parse(line) as { pid: number; port: number };
    expect(isGroupAlive(pid)).toBe(true);

    parent.kill('SIGKILL');
    expect(await waitUntil(() => !isGroupAlive(pid), 10_000)).toBe(true);
    expect(await canListen(port)).toBe(true);
  });
});
