/**
 * Reusable steps on top of the test client: a listener, a call between two
 * sockets of one session. For tests and benchmarks.
 */
import type { Endpoint, Family, Proto } from '../../shared/protocol';
import type { AlloTestClient } from './client';

export const loopback = (family: Family) => (family === 6 ? '::1' : '127.0.0.1');

export async function openSocket(c: AlloTestClient, proto: Proto, family: Family, label?: string): Promise<string> {
  return (await c.ok({ op: 'socket', proto, family, ...(label ? { label } : {}) })).socket;
}

/** A TCP socket listening on a free loopback port. */
export async function listener(c: AlloTestClient, family: Family): Promise<{ socket: string; local: Endpoint }> {
  const socket = await openSocket(c, 'tcp', family, 'listener');
  const { local } = await c.ok({ op: 'listen', socket, port: 0 });
  return { socket, local };
}

/** A connected TCP call inside one session: the dialler and the accepted socket. */
export async function tcpCall(
  c: AlloTestClient,
  family: Family,
): Promise<{ listener: string; dialler: string; accepted: string; port: number }> {
  const l = await listener(c, family);
  const dialler = await openSocket(c, 'tcp', family, 'dialler');
  await c.ok({ op: 'connect', socket: dialler, host: loopback(family), port: l.local.port });
  await c.waitFor('connected', (e) => e.socket === dialler);
  const acc = await c.waitFor('accepted', (e) => e.socket === l.socket);
  await c.waitFor('created', (e) => e.socket === acc.child);
  return { listener: l.socket, dialler, accepted: acc.child, port: l.local.port };
}

/** Concatenated bytes of every `received` (or `sent`) event of a socket, checked for contiguous offsets. */
export function streamOf(c: AlloTestClient, kind: 'sent' | 'received', socket: string): Buffer {
  const chunks = c.eventsOf(kind, socket);
  let offset = 0;
  for (const e of chunks) {
    if (e.offset !== offset) throw new Error(`${kind} on ${socket}: offset ${e.offset}, expected ${offset}`);
    offset += e.bytes;
  }
  return Buffer.concat(chunks.map((e) => Buffer.from(e.data.base64, 'base64')));
}
