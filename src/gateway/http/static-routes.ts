/**
 * Serves the repository's public/ folder: the demo store page at / and the chat widget at
 * /widget/. The widget files have no content hash in their names, so browsers revalidate them
 * often (ETag / Last-Modified make that cheap) instead of caching them for long.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fastifyStatic } from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** src/gateway/http and dist/gateway/http sit at the same depth, so one relative URL serves both. */
export const PUBLIC_DIR = fileURLToPath(new URL('../../../public/', import.meta.url));

/** Pages change with deployments and must pick up a new widget at once. */
const HTML_CACHE = 'no-cache';
/** Widget scripts and styles: a few minutes stale at most after a deployment. */
const ASSET_CACHE = 'public, max-age=300, must-revalidate';
/**
 * The demo page loads only its own files and talks only to its own origin ('self' covers ws: and
 * wss: on the same host); data: images are the cards' placeholders.
 */
const HTML_CSP = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface StaticRoutesOptions {
  /** Folder to serve; the repository's public/ by default. */
  root?: string;
}

/** A fastify plugin: register it with app.register(registerStaticRoutes). */
export async function registerStaticRoutes(app: FastifyInstance, options: StaticRoutesOptions = {}): Promise<void> {
  await app.register(fastifyStatic, {
    root: options.root ?? PUBLIC_DIR,
    prefix: '/',
    index: ['index.html'],
    dotfiles: 'ignore',
    // We set Cache-Control ourselves per file kind.
    cacheControl: false,
    setHeaders: (reply, filePath) => setAssetHeaders(reply, filePath),
  });
}

function setAssetHeaders(reply: FastifyReply, filePath: string): void {
  reply.header('x-content-type-options', 'nosniff');
  if (filePath.endsWith('.html')) {
    reply.header('cache-control', HTML_CACHE);
    reply.header('content-security-policy', HTML_CSP);
    return;
  }
  reply.header('cache-control', ASSET_CACHE);
  // Stores embed the widget from this origin: module scripts and their CSS are fetched with CORS.
  if (filePath.split(path.sep).includes('widget')) reply.header('access-control-allow-origin', '*');
}
