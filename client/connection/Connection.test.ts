/**
 * The page's Connection against a real server (ws's WebSocket standing in for
 * the browser's, which has the same onopen/onmessage/onclose interface): a
 * saved token the server no longer knows gets UNKNOWN_SESSION, and the page
 * then starts a new session instead of waiting for a welcome that never comes.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WelcomeFrame } from '../../shared/protocol';
import { startTestServer, type TestServer } from '../../server/testing/server';
import { eventually } from '../../server/testing/wait';
import { Connection } from './Connection';

let server: TestServer;
beforeAll(async () => {
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  server = await startTestServer();
});
afterAll(() => server.close());

function memoryStorage(initial: Record<string, string>) {
  const items = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

describe('Connection', () => {
  it('a token the server no longer knows: the page starts a new session and saves its token', async () => {
    const storage = memoryStorage({ 'allo.session.token': 'a-token-from-before-the-restart' });
    const welcomes: WelcomeFrame[] = [];
    const connection = new Connection(
      server.wsUrl,
      { onStatus: () => {}, onWelcome: (w) => welcomes.push(w), onEvents: () => {}, lastSeq: () => 42 },
      storage,
    );
    connection.start();
    try {
      await eventually(() => welcomes.length > 0, 'a welcome');
      expect(welcomes[0]).toMatchObject({ resumed: false, lastSeq: 0 });
      expect(storage.getItem('allo.session.token')).toBe(welcomes[0]!.token);
      const reply = await connection.request({ op: 'socket', proto: 'udp', family: 4 });
      expect(reply).toMatchObject({ ok: true, result: { socket: 's1' } });
    } finally {
      connection.stop();
    }
  });
});
