import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    testTimeout: 20_000,
    // The first run installs FerretDB (minutes); later hooks open databases on the shared server.
    hookTimeout: 120_000,
  },
});
