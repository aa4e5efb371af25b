import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { type HostRule, hostRefusal, type ParsedHost } from '../http/hostRule';
import type { Logger } from '../log';
import { clientKey } from './clients';

export const WS_PATH = '/ws';

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/**
 * Same-origin rule: a browser always sends Origin on a WebSocket handshake, and
 * a page from another site must not drive this server's sockets (cross-site
 * WebSocket hijacking), so Origin must name the same host and port as the Host
 * header (already checked against the allow-list). A request without Origin
 * does not come from a web page (a teacher's Node or Python script, curl) and
 * is allowed: it could forge any header anyway.
 */
export function originAllowed(origin: string | undefined, host: ParsedHost): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes the opaque origin "null"
  }
  const defaultPort = DEFAULT_PORTS[url.protocol];
  if (defaultPort === undefined) return false;
  const originName = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  const hostName = host.kind === 'ip' ? host.address : host.name;
  const originPort = url.port ? Number(url.port) : defaultPort;
  // Host without a port means the scheme's default, which for a page's WebSocket is its own scheme's.
  return originName === hostName && originPort === (host.port ?? defaultPort);
}

/** An upgrade refused with an HTTP status, before any WebSocket exists. */
export interface Refusal {
  status: 403 | 404 | 429 | 503;
  /** The named limit or rule, for the log. */
  rule: string;
  message: string;
}

const REASONS: Record<Refusal['status'], string> = {
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

function refuse(socket: Duplex, refusal: Refusal): void {
  const body = refusal.message.endsWith('\n') ? refusal.message : `${refusal.message}\n`;
  const retry = refusal.status === 429 || refusal.status === 503 ? 'Retry-After: 1\r\n' : '';
  socket.end(
    `HTTP/1.1 ${refusal.status} ${REASONS[refusal.status]}\r\nConnection: close\r\n${retry}` +
      `Content-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export interface GateOptions {
  wss: WebSocketServer;
  hostRule: HostRule;
  /** Capacity and per-client checks for `client` (clientKey), before any WebSocket exists. */
  admit: (client: string) => Refusal | undefined;
  /** In --dev, other upgrade paths belong to Vite's HMR and are left alone (after the Host rule). */
  ownsOtherPaths: boolean;
  onConnection: (ws: WebSocket, req: IncomingMessage, client: string) => void;
  log: Logger;
  /** Logs a refusal at most once a second per rule and client. */
  logRefusal: (key: string, write: (suppressed: number) => void) => void;
}

/**
 * The HTTP `upgrade` handler: every check happens here, before the WebSocket
 * (and so before any session) exists, in the manner of ws's `verifyClient`:
 * Host (DNS rebinding), path, Origin (cross-site hijacking), then capacity.
 */
export function createUpgradeGate(opts: GateOptions) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const client = clientKey(req.socket.remoteAddress);
    const verdict = opts.hostRule.check(req.headers.host);
    const path = (req.url ?? '').split('?')[0];
    const refusal: Refusal | undefined = !verdict.ok
      ? { status: 403, rule: 'host', message: hostRefusal(verdict) }
      : path !== WS_PATH
        ? opts.ownsOtherPaths
          ? { status: 404, rule: 'path', message: `WebSocket endpoint is ${WS_PATH}` }
          : undefined
        : !originAllowed(req.headers.origin, verdict.host)
          ? { status: 403, rule: 'origin', message: 'Cross-origin WebSocket refused: open Allô from its own address.' }
          : opts.admit(client);
    if (refusal) {
      if (refusal.rule !== 'path') {
        opts.logRefusal(`${refusal.rule} ${client}`, (suppressed) =>
          opts.log.warn(
            {
              event: 'refused',
              rule: refusal.rule,
              status: refusal.status,
              client,
              host: req.headers.host,
              origin: req.headers.origin,
              ...(suppressed ? { suppressed } : {}),
            },
            `WebSocket refused (${refusal.rule}): ${refusal.message.trim().replace(/^Refused: /, '')}`,
          ),
        );
      }
      refuse(socket, refusal);
      return;
    }
    if (path !== WS_PATH) return; // --dev: Vite's HMR socket, which passed the Host rule
    opts.wss.handleUpgrade(req, socket, head, (ws) => opts.onConnection(ws, req, client));
  };
}
