import { ConfigError, loadConfig, type Config } from '../config.js';

/** Reads the configuration; on bad values prints every problem and exits with status 2. */
export function loadConfigOrExit(overrides: Record<string, string | undefined> = {}): Readonly<Config> {
  try {
    return loadConfig({ ...process.env, ...overrides });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
