/**
 * Builds event lists for tests of pure modules (pairing, recordings, the
 * diagram model): numbers each event and timestamps it, as a session would.
 * Test support only: no production code imports it.
 */
import type { Endpoint, Event, EventInput } from '../protocol';

/** A session-like log: `add` numbers events from 1 and gives them increasing times. */
export class EventScript {
  readonly events: Event[] = [];
  private t = 0;

  /** Appends one event, `dt` ms after the previous one; returns its seq. */
  add(e: EventInput, dt = 1): number {
    this.t += dt;
    const seq = this.events.length + 1;
    this.events.push({ ...e, seq, t: this.t } as Event);
    return seq;
  }

  /** Appends a `sent` event of text at a stream offset. */
  sent(socket: string, text: string, offset: number, to?: Endpoint): number {
    return this.add({
      kind: 'sent',
      socket,
      bytes: utf8Length(text),
      offset,
      data: bytes(text),
      ...(to ? { to } : {}),
    });
  }

  /** Appends a `received` event of text at a stream offset. */
  received(socket: string, text: string, offset: number, from?: Endpoint): number {
    return this.add({
      kind: 'received',
      socket,
      bytes: utf8Length(text),
      offset,
      data: bytes(text),
      ...(from ? { from } : {}),
    });
  }

  /**
   * A TCP call as the server reports it: listener `l` on `port`, client `c`
   * dialling from `clientPort`, accepted child `a`.
   */
  tcpCall(ids: { l: string; c: string; a: string }, port = 5000, clientPort = 40000): void {
    const server = ep('127.0.0.1', port);
    const client = ep('127.0.0.1', clientPort);
    this.add({ kind: 'created', socket: ids.l, proto: 'tcp', family: 4 });
    this.add({ kind: 'bound', socket: ids.l, local: server });
    this.add({ kind: 'listening', socket: ids.l, local: server, backlog: 511 });
    this.add({ kind: 'created', socket: ids.c, proto: 'tcp', family: 4 });
    this.add({ kind: 'connecting', socket: ids.c, remote: server });
    this.add({ kind: 'connected', socket: ids.c, local: client, remote: server });
    this.add({ kind: 'accepted', socket: ids.l, child: ids.a, local: server, remote: client });
    this.add({ kind: 'created', socket: ids.a, proto: 'tcp', family: 4, parent: ids.l });
  }
}

export function ep(address: string, port: number, family: 4 | 6 = 4): Endpoint {
  return { address, port, family };
}

function utf8(text: string): number[] {
  // encodeURIComponent yields UTF-8 as %XX escapes; shared/ has neither TextEncoder nor Buffer.
  const out: number[] = [];
  const esc = encodeURIComponent(text);
  for (let i = 0; i < esc.length; i++) {
    if (esc[i] === '%') {
      out.push(parseInt(esc.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(esc.charCodeAt(i));
  }
  return out;
}

function utf8Length(text: string): number {
  return utf8(text).length;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of bytes (RFC 4648, padded). */
export function base64(raw: readonly number[]): string {
  let out = '';
  for (let i = 0; i < raw.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [raw[i], raw[i + 1], raw[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < raw.length ? B64[(n >> 6) & 63]! : '=';
    out += i + 2 < raw.length ? B64[n & 63]! : '=';
  }
  return out;
}

function bytes(text: string): { text: string; base64: string } {
  return { text, base64: base64(utf8(text)) };
}
