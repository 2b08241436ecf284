/**
 * Cached audio over HTTP against nginx serving the same file, in the same run, with the same load
 * tool (autocannon, as a library): GET /v1/audio/<key>.mp3 from Parley's memory tier (fastify,
 * one Node process) vs nginx's static file (one worker, access log off). Prints one JSON line:
 * both requests per second and the ratio (target >= 0.5).
 *
 *   npx tsx bench/audio-http.ts [--connections 50] [--duration 10] [--rounds 3]
 *
 * nginx comes from Debian: when /usr/sbin/nginx is missing the bench runs `apt-get install -y nginx`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { fastify } from 'fastify';
import { CachedSynthesizer, MemoryTier } from '../src/cache/index.js';
import { registerAudioRoutes } from '../src/gateway/http/audio-routes.js';
import { CheckedSynthesizer, LocalTts } from '../src/speech/index.js';

const NGINX = '/usr/sbin/nginx';
const { values } = parseArgs({ options: { connections: { type: 'string', default: '50' }, duration: { type: 'string', default: '10' }, rounds: { type: 'string', default: '3' } } });
const connections = Number(values.connections);
const duration = Number(values.duration);
// Alternating rounds, median per target: on a shared machine the load changes under a single run.
const rounds = Number(values.rounds);
const log = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

async function main(): Promise<void> {
  if (!existsSync(NGINX)) {
    log('installing nginx (Debian)');
    execFileSync('apt-get', ['install', '-y', '-qq', 'nginx'], { stdio: 'inherit' });
  }
  const work = await mkdtemp(path.join(os.tmpdir(), 'parley-audio-http-bench-'));
  const cache = new CachedSynthesizer({ origin: new CheckedSynthesizer(new LocalTts()), originId: 'local', lexicons: new Map(), memory: new MemoryTier(64 << 20) });
  const { name, result } = await cache.synthesizeWithKey({ text: 'Your order has shipped and should arrive on Thursday. Is there anything else I can help with?', voiceId: 'Joanna', engine: 'neural', outputFormat: 'mp3' });
  const chunks: Uint8Array[] = [];
  for await (const chunk of result.audio) chunks.push(chunk);
  await cache.idle();
  const body = Buffer.concat(chunks);
  log(`cached ${name}: ${body.byteLength} bytes`);

  const app = fastify({ logger: false });
  registerAudioRoutes(app, { lookup: cache });
  // Control: the same bytes from a bare fastify route, to tell the framework's cost from the cache's.
  app.get('/bare', async (_request, reply) => reply.header('content-type', 'audio/mpeg').send(body));
  const parleyUrl = `${await app.listen({ port: 0, host: '127.0.0.1' })}/v1/audio/${name}`;

  await mkdir(path.join(work, 'root', 'v1', 'audio'), { recursive: true });
  await writeFile(path.join(work, 'root', 'v1', 'audio', name), body);
  await chmod(work, 0o755); // nginx's worker runs as an unprivileged user
  const nginxPort = await freePort();
  const nginx = await startNginx(work, nginxPort);
  const nginxUrl = `http://127.0.0.1:${nginxPort}/v1/audio/${name}`;
  try {
    for (const url of [parleyUrl, nginxUrl]) {
      const response = await fetch(url);
      const bytes = Buffer.from(await response.arrayBuffer());
      if (response.status !== 200 || !bytes.equals(body)) throw new Error(`${url} did not serve the cached bytes (${response.status})`);
    }
    log('warm-up (2 s each)');
    await load(parleyUrl, 2);
    await load(nginxUrl, 2);
    const targets = { parley: parleyUrl, nginx: nginxUrl, bare: parleyUrl.replace(/\/v1\/audio\/.*$/, '/bare') };
    const runs: Record<keyof typeof targets, Figures[]> = { parley: [], nginx: [], bare: [] };
    for (let round = 1; round <= rounds; round += 1) {
      for (const [label, url] of Object.entries(targets) as Array<[keyof typeof targets, string]>) {
        log(`round ${round}/${rounds} ${label}: ${connections} connections for ${duration} s`);
        runs[label].push(await load(url, duration));
      }
    }
    const parley = median(runs.parley);
    const peer = median(runs.nginx);
    const bare = median(runs.bare);
    process.stdout.write(`${JSON.stringify({
      bench: 'audio-http',
      bodyBytes: body.byteLength,
      connections,
      durationS: duration,
      rounds,
      perRoundRps: { parley: runs.parley.map((r) => r.requestsPerSecond), nginx: runs.nginx.map((r) => r.requestsPerSecond), bareFastify: runs.bare.map((r) => r.requestsPerSecond) },
      parley,
      nginx: peer,
      bareFastify: bare,
      ratio: Number((parley.requestsPerSecond / peer.requestsPerSecond).toFixed(3)),
      target: '>= 0.5',
      loadAverage: os.loadavg().map((v) => Number(v.toFixed(2))),
    })}\n`);
  } finally {
    await stop(nginx);
    await app.close();
    await rm(work, { recursive: true, force: true });
  }
}

interface Figures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

/** The round with the median requests per second. */
function median(figures: Figures[]): Figures {
  const sorted = [...figures].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor(sorted.length / 2)] as Figures;
}

async function load(url: string, seconds: number): Promise<Figures> {
  // The load runs on a worker thread, so it never shares the Parley server's event loop.
  const result = await autocannon({ url, connections, duration: seconds, workers: 1 });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function startNginx(work: string, port: number): Promise<ChildProcess> {
  const conf = path.join(work, 'nginx.conf');
  await writeFile(conf, [
    'worker_processes 1;',
    'daemon off;',
    `pid ${path.join(work, 'nginx.pid')};`,
    `error_log ${path.join(work, 'error.log')} warn;`,
    'events { worker_connections 1024; }',
    'http {',
    '  access_log off;',
    '  sendfile on;',
    '  tcp_nopush on;',
    `  client_body_temp_path ${work}/body; proxy_temp_path ${work}/proxy; fastcgi_temp_path ${work}/fcgi; uwsgi_temp_path ${work}/uwsgi; scgi_temp_path ${work}/scgi;`,
    '  types { audio/mpeg mp3; }',
    `  server { listen 127.0.0.1:${port}; root ${path.join(work, 'root')}; etag on; add_header Cache-Control "public, max-age=31536000, immutable"; }`,
    '}',
  ].join('\n'));
  const child = spawn(NGINX, ['-c', conf, '-p', work], { stdio: ['ignore', 'inherit', 'inherit'] });
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return child;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  child.kill();
  throw new Error('nginx did not start');
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGQUIT');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

await main();
process.exit(0);
