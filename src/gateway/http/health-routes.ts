/**
 * Liveness and readiness. /health answers while the process runs (a restart is the only cure
 * for a failure). /ready asks the injected readiness check (e.g. a store ping) each time, with a
 * time limit, so a load balancer stops sending new clients to an instance that cannot serve them.
 */
import type { FastifyInstance } from 'fastify';
import { isParleyError } from '../../shared/errors.js';

/** A readiness check slower than this counts as failed. */
const READINESS_TIMEOUT_MS = 2000;

export function registerHealthRoutes(app: FastifyInstance, readiness: () => Promise<void>): void {
  app.get('/health', async () => ({ status: 'ok' }));

  app.get('/ready', async (request, reply) => {
    try {
      await withTimeout(readiness(), READINESS_TIMEOUT_MS);
      return { status: 'ready' };
    } catch (error) {
      // ParleyError messages carry no secrets by contract; other errors are only logged.
      const reason = isParleyError(error) ? `${error.code}: ${error.message}` : 'readiness check failed';
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.code(503).send({ status: 'unavailable', reason });
    }
  });
}

async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`readiness check took longer than ${ms} ms`)), ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
