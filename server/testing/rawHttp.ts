/**
 * Raw HTTP/1.x requests over a TCP socket, with exactly the headers given (or
 * none): for testing the Host and Origin rules the way a rebinding page or a
 * hand-written client would send them, which Node's http client would tidy up.
 */
import net from 'node:net';

export interface RawResponse {
  status: number;
  /** Header block, lower-cased names. */
  headers: Record<string, string>;
  /** Whatever followed the header block before the server closed or `settleMs` passed (a 101: the first frames). */
  body: string;
}

export interface RawRequest {
  port: number;
  path?: string;
  method?: string;
  /** `HTTP/1.1` by default; `HTTP/1.0` may omit Host. */
  version?: string;
  headers: Record<string, string | undefined>;
  /** A WebSocket upgrade (adds Upgrade, Connection, Sec-WebSocket-Key/Version). */
  upgrade?: boolean;
  /** Bytes to send after the header block (e.g. a masked hello frame). */
  after?: Buffer;
  /** Stop reading (and close) once the text received so far satisfies this; default: read until the server closes. */
  until?: (received: string) => boolean;
  timeoutMs?: number;
}

/** One request, read until the server closes or `until` holds (at most `timeoutMs`, default 5 s). */
export function rawRequest(req: RawRequest): Promise<RawResponse> {
  const lines = [`${req.method ?? 'GET'} ${req.path ?? '/'} ${req.version ?? 'HTTP/1.1'}`];
  const headers: Record<string, string | undefined> = {
    ...(req.upgrade
      ? {
          Upgrade: 'websocket',
          Connection: 'Upgrade',
          'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Version': '13',
        }
      : { Connection: 'close' }),
    ...req.headers,
  };
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) lines.push(`${k}: ${v}`);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port: req.port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), req.timeoutMs ?? 5000);
    socket.on('data', (c) => {
      chunks.push(c);
      if (req.until?.(Buffer.concat(chunks).toString('latin1'))) socket.destroy();
    });
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return reject(new Error(`no HTTP response: ${JSON.stringify(text.slice(0, 200))}`));
      const [statusLine, ...headerLines] = text.slice(0, end).split('\r\n');
      const parsed: Record<string, string> = {};
      for (const h of headerLines) {
        const i = h.indexOf(':');
        parsed[h.slice(0, i).toLowerCase()] = h.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine!.split(' ')[1]), headers: parsed, body: text.slice(end + 4) });
    });
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (req.after) socket.write(req.after);
  });
}

/** A client-to-server WebSocket text frame (masked, as RFC 6455 requires of clients). */
export function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  if (payload.length > 125) throw new Error('short frames only');
  const mask = Buffer.from([1, 2, 3, 4]);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
}
