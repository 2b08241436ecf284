/**
 * Spoken replies in the widget's protocol client: the hello asks for audio when told to, audio.*
 * messages and binary frames reach listeners in order, and interrupt() sends turn.interrupt.
 */
import { describe, expect, it } from 'vitest';
import { ParleyClient, type WebSocketLike } from '../../../public/widget/parley-client.js';

class ScriptedSocket implements WebSocketLike {
  static last: ScriptedSocket | undefined;
  readyState = 0;
  binaryType: string | undefined;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: Array<Record<string, unknown>> = [];

  constructor(readonly url: string) {
    ScriptedSocket.last = this;
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(): void {
    this.readyState = 3;
  }
}

function started(audio?: { enabled: boolean; format?: 'mp3' | 'pcm'; sampleRate?: number }): { client: ParleyClient; socket: ScriptedSocket } {
  const client = new ParleyClient({ url: 'ws://parley.test/v1/chat', siteKey: 'demo-site', WebSocket: ScriptedSocket, context: { device: 'kiosk' }, pingIntervalMs: 0, ...(audio === undefined ? {} : { audio }) });
  client.start();
  const socket = ScriptedSocket.last as ScriptedSocket;
  socket.readyState = 1;
  socket.onopen?.({});
  return { client, socket };
}

describe('the widget client and spoken replies', () => {
  it('asks for audio in the hello only when configured', () => {
    const plain = started();
    expect(plain.socket.sent[0]).not.toHaveProperty('audio');
    const speaking = started({ enabled: true, format: 'pcm', sampleRate: 16000 });
    expect(speaking.socket.sent[0]).toMatchObject({ type: 'session.hello', audio: { enabled: true, format: 'pcm', sampleRate: 16000 } });
    expect(speaking.socket.binaryType).toBe('arraybuffer');
  });

  it('passes audio messages and binary frames to listeners in arrival order', () => {
    const { client, socket } = started({ enabled: true });
    const seen: string[] = [];
    for (const type of ['audio.begin', 'audio.segment', 'audio.end', 'audio.error'] as const) client.on(type, (message) => seen.push(message.type));
    client.on('audio-chunk', (data) => seen.push(`chunk:${data.byteLength}`));
    const text = (message: unknown) => socket.onmessage?.({ data: JSON.stringify(message) });
    text({ type: 'audio.begin', turnId: 't', format: 'pcm', sampleRate: 16000, contentType: 'audio/pcm', mode: 'stream', segments: 1 });
    text({ type: 'audio.segment', turnId: 't', index: 0, text: 'Hi.', marks: [] });
    socket.onmessage?.({ data: new ArrayBuffer(6) });
    socket.onmessage?.({ data: new ArrayBuffer(4) });
    text({ type: 'audio.end', turnId: 't', segments: 1, audioMs: 0, outcome: 'completed' });
    text({ type: 'audio.error', turnId: 'u', code: 'PARLEY_SPEECH_THROTTLED', message: 'x', retryable: true, segments: 0 });
    expect(seen).toEqual(['audio.begin', 'audio.segment', 'chunk:6', 'chunk:4', 'audio.end', 'audio.error']);
  });

  it('interrupt() sends turn.interrupt with a sane heardMs', () => {
    const { client, socket } = started({ enabled: true });
    client.interrupt(1234.6);
    client.interrupt(Number.NaN);
    client.interrupt();
    expect(socket.sent.slice(1)).toEqual([{ type: 'turn.interrupt', heardMs: 1235 }, { type: 'turn.interrupt' }, { type: 'turn.interrupt' }]);
  });
});
