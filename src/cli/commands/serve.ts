import { buildApp } from '../../app.js';
import { loadConfigOrExit } from '../load-config.js';

/** `parley serve` and `npm start`: run until SIGINT/SIGTERM, then close gracefully. */
export async function runServe(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await buildApp(config);
  const address = await app.server.listen({ port: config.port, host: config.host });
  app.server.log.info({ address, bot: app.pipeline.bot.name }, 'parley is listening');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.server.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.server.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
