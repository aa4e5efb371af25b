import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';

export const WS_PATH = '/ws';

/**
 * Same-origin rule: a browser always sends Origin on a WebSocket handshake, and
 * a page from another site must not drive this server's sockets (cross-site
 * WebSocket hijacking), so Origin's host must equal the Host header. A request
 * without Origin does not come from a web page (a teacher's Node or Python
 * script, curl) and is allowed: it could forge any header anyway.
 */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  if (!host) return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host.toLowerCase() === host.toLowerCase();
  } catch {
    return false; // includes the opaque origin "null"
  }
}

function refuse(socket: Duplex, status: number, reason: string, body: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export interface GateOptions {
  wss: WebSocketServer;
  /** Refusal reason when the server is full (maxSessions), checked before any session exists. */
  full: () => string | undefined;
  /** In --dev, other upgrade paths belong to Vite's HMR and are left alone. */
  ownsOtherPaths: boolean;
  onConnection: (ws: WebSocket, req: IncomingMessage) => void;
}

/**
 * The HTTP `upgrade` handler: every check happens here, before the WebSocket
 * (and so before any session) exists, in the manner of ws's `verifyClient`.
 */
export function createUpgradeGate(opts: GateOptions) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0];
    if (path !== WS_PATH) {
      if (opts.ownsOtherPaths) refuse(socket, 404, 'Not Found', `WebSocket endpoint is ${WS_PATH}\n`);
      return;
    }
    if (!originAllowed(req)) {
      refuse(socket, 403, 'Forbidden', 'Cross-origin WebSocket refused: open Allô from its own address.\n');
      return;
    }
    const full = opts.full();
    if (full) {
      refuse(socket, 503, 'Service Unavailable', `${full}\n`);
      return;
    }
    opts.wss.handleUpgrade(req, socket, head, (ws) => opts.onConnection(ws, req));
  };
}
