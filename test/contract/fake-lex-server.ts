/**
 * A scripted HTTP server for Lex faults Parley's emulator cannot produce on demand (throttling,
 * 5xx, stalls): each request gets the next scripted answer, the last one repeating.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeAnswer =
  | { status: number; errorType?: string; body?: unknown }
  /** Never answers (the client's timeout must fire). */
  | 'stall';

export interface FakeLexServer {
  endpoint: string;
  /** Paths requested, in order. */
  requests: Array<{ method: string; url: string }>;
  close(): Promise<void>;
}

export async function startFakeLex(script: FakeAnswer[]): Promise<FakeLexServer> {
  const requests: FakeLexServer['requests'] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    requests.push({ method: request.method ?? '', url: request.url ?? '' });
    const answer = script[Math.min(requests.length - 1, script.length - 1)];
    request.resume();
    if (answer === undefined || answer === 'stall') return;
    response.statusCode = answer.status;
    response.setHeader('content-type', 'application/json');
    if (answer.errorType !== undefined) response.setHeader('x-amzn-ErrorType', answer.errorType);
    response.end(JSON.stringify(answer.body ?? (answer.errorType === undefined ? {} : { message: `scripted ${answer.errorType}` })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An endpoint nothing listens on: a port that was just free. */
export async function unreachableEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A RecognizeText answer in Lex's JSON. */
export const RECOGNIZE_TEXT_OK = {
  sessionId: 'fault-1',
  messages: [{ contentType: 'PlainText', content: 'Hi from Lex.' }],
  sessionState: {
    dialogAction: { type: 'Close' },
    intent: { name: 'Greeting', slots: {}, state: 'Fulfilled', confirmationState: 'None' },
    sessionAttributes: {},
  },
  interpretations: [{ intent: { name: 'Greeting', slots: {}, state: 'Fulfilled', confirmationState: 'None' }, nluConfidence: { score: 0.97 } }],
};
