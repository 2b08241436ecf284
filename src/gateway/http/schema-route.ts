/** Serves the protocol schema so clients and tools validate against what this server enforces. */
import type { FastifyInstance } from 'fastify';

export function registerSchemaRoute(app: FastifyInstance, schemaText: string): void {
  app.get('/v1/protocol.schema.json', async (_request, reply) => {
    return reply.type('application/schema+json; charset=utf-8').header('cache-control', 'public, max-age=300').send(schemaText);
  });
}
