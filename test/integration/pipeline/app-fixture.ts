/**
 * The whole service as `npm start` builds it (real store, real bot, real engine, real gateway),
 * listening on port 0, over a fresh database of the test server with a small seeded tenant.
 */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { buildApp, type App } from '../../../src/app.js';
import { loadConfig, type Config, type SiteConfig } from '../../../src/config.js';
import { seedTenant } from '../../../src/tenant/index.js';
import { openTestStore, type TestStore } from '../../helpers/mongo.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SITE_KEY = 'test-shop';
export const JWT_SECRET = 'pipeline-test-secret-with-32-or-more-chars';
export const ORIGIN = 'https://shop.example';

export interface RunningApp {
  app: App;
  db: TestStore;
  config: Readonly<Config>;
  url: string;
  wsUrl: string;
  /** A token the site's backend would sign for this customer. */
  tokenFor(customerId: string): Promise<string>;
  close(): Promise<void>;
}

export interface StartAppOptions {
  /** Sites configured beside SITE_KEY (e.g. the demo site, for the page the service serves itself). */
  extraSites?: SiteConfig[];
  /** More configuration, as environment variables (e.g. a recognizer that is not installed). */
  env?: Record<string, string>;
}

export async function startApp(options: StartAppOptions = {}): Promise<RunningApp> {
  const db = await openTestStore();
  await seedTenant(db.store, { seed: 11, customers: 40, items: 600 });
  const config = loadConfig(
    {
      PARLEY_LOG_LEVEL: 'silent',
      PARLEY_SEED_ON_START: 'false',
      PARLEY_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'parley-app-')),
      PARLEY_SITES: JSON.stringify([
        { siteKey: SITE_KEY, allowedOrigins: [ORIGIN], allowNoOrigin: true, allowAnonymous: true, jwt: { hs256Secret: JWT_SECRET } },
        ...(options.extraSites ?? []),
      ]),
      ...options.env,
    },
    REPO_ROOT,
  );
  const app = await buildApp(config, { store: db.store });
  await app.server.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.server.address() as AddressInfo;
  const secret = new TextEncoder().encode(JWT_SECRET);
  return {
    app,
    db,
    config,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/v1/chat`,
    tokenFor: (customerId) =>
      new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(customerId).setIssuedAt().setExpirationTime('10m').sign(secret),
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}
