/**
 * GET /v1/chat: the WebSocket endpoint. The upgrade is refused (403) when no configured site
 * admits the Origin; the per-site check happens again at hello, once the site key is known.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WebSocket } from 'ws';
import type { Authenticator } from '../auth.js';
import { CloseCode, Connection, type ConnectionContext } from './connection.js';
import type { ConnectionRegistry } from './connection-registry.js';

export const CHAT_PATH = '/v1/chat';

export interface ChatRouteDeps {
  authenticator: Authenticator;
  registry: ConnectionRegistry;
  context: ConnectionContext;
}

export function registerChatRoute(app: FastifyInstance, deps: ChatRouteDeps): void {
  app.get(
    CHAT_PATH,
    {
      websocket: true,
      preValidation: async (request: FastifyRequest, reply: FastifyReply) => {
        if (!deps.authenticator.admitsOrigin(request.headers.origin)) {
          request.log.info('websocket upgrade refused: origin not allowed');
          return reply.code(403).send({ error: 'Forbidden', code: 'PARLEY_GATEWAY_ORIGIN_FORBIDDEN' });
        }
        return undefined;
      },
    },
    (socket: WebSocket, request: FastifyRequest) => {
      if (deps.registry.isFull()) {
        request.log.warn('connection refused: too many connections');
        socket.close(CloseCode.TryAgainLater, 'try again later');
        return;
      }
      const connection = new Connection(socket, request.headers.origin, deps.context, request.log);
      deps.registry.add(connection);
    },
  );
}

/**
 * Socket-level errors (oversized frames, bad UTF-8, resets). For protocol errors `ws` is already
 * closing with the right code (1009, 1007, 1002); cutting the socket would lose that close frame.
 */
export function onSocketError(error: Error, socket: WebSocket, request: FastifyRequest): void {
  request.log.debug({ err: error }, 'websocket error');
  if (socket.readyState === WebSocket.OPEN) socket.terminate();
}
