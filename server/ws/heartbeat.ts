import type { WebSocket } from 'ws';

/**
 * Pings every WebSocket each `intervalMs`; one that has not answered the
 * previous ping by then is dead (a closed laptop, a cut network) and is
 * terminated, which detaches its session so the resume grace starts.
 */
export function startHeartbeat(clients: () => Iterable<WebSocket>, intervalMs: number): () => void {
  const alive = new WeakMap<WebSocket, boolean>();
  const timer = setInterval(() => {
    for (const ws of clients()) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      if (!alive.has(ws)) ws.on('pong', () => alive.set(ws, true));
      alive.set(ws, false);
      ws.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
