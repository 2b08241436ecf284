import { SingleBar, Presets } from 'cli-progress';
import pino from 'pino';
import { openStore } from '../../store/index.js';
import { seedTenant } from '../../tenant/index.js';
import { loadConfigOrExit } from '../load-config.js';

export interface SeedOptions {
  seed?: string;
  customers?: string;
  items?: string;
  reset?: boolean;
}

/** `parley seed`: writes the deterministic demo tenant, with a progress bar per phase. */
export async function runSeed(options: SeedOptions): Promise<number> {
  const config = loadConfigOrExit();
  const log = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel }, pino.destination(2));
  const store = await openStore(config, { log: (message) => process.stderr.write(`${message}\n`) });
  try {
    if (options.reset === true) await store.reset();
    else if ((await store.items.count()) > 0) {
      process.stderr.write('The database already holds a tenant; use --reset to replace it.\n');
      return 1;
    }
    const bar = new SingleBar({ format: '{phase} [{bar}] {value}/{total}', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
    let phase = '';
    const summary = await seedTenant(
      store,
      {
        seed: intOption(options.seed, config.seed.seed, 'seed'),
        customers: intOption(options.customers, config.seed.customers, 'customers'),
        items: intOption(options.items, config.seed.items, 'items'),
      },
      (name, done, total) => {
        if (name !== phase) {
          if (phase !== '') bar.stop();
          phase = name;
          bar.start(total, done, { phase: name.padEnd(12) });
        } else bar.update(done);
      },
    );
    if (phase !== '') bar.stop();
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    log.flush();
    return 0;
  } finally {
    await store.close();
  }
}

function intOption(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}
