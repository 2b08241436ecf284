/** GET /metrics: the service's and the audio cache's metrics in Prometheus' text exposition format. */
import type { FastifyInstance } from 'fastify';

export interface MetricsSource {
  text(): Promise<string>;
  readonly contentType: string;
}

export function registerMetricsRoutes(app: FastifyInstance, metrics: MetricsSource): void {
  app.get('/metrics', async (_request, reply) => reply.header('content-type', metrics.contentType).send(await metrics.text()));
}
