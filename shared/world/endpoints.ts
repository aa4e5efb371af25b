import type { Endpoint } from '../protocol';
import type { SocketState } from './types';

/**
 * An IPv4 peer seen by a dual-stack socket is written `::ffff:127.0.0.1`; both
 * spellings name the same phone, so they compare equal.
 */
export function normalAddress(address: string): string {
  const lower = address.toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice(7) : lower;
}

/** `address:port`, with IPv6 in brackets, as a person reads it. */
export function formatEndpoint(e: Endpoint): string {
  return e.family === 6 || e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

/** Same address and port. */
export function sameEndpoint(a: Endpoint | undefined, b: Endpoint | undefined): boolean {
  return !!a && !!b && a.port === b.port && normalAddress(a.address) === normalAddress(b.address);
}

const WILDCARDS = new Set(['0.0.0.0', '::']);

/** Would a socket bound to `local` receive what is sent to `to`? (a wildcard address takes any). */
export function reaches(to: Endpoint | undefined, local: Endpoint | undefined): boolean {
  if (!to || !local || to.port !== local.port) return false;
  const l = normalAddress(local.address);
  return WILDCARDS.has(l) || l === normalAddress(to.address);
}

/** The open UDP socket of the session that has the number `to`, if any. */
export function udpOwner(
  sockets: Readonly<Record<string, SocketState>>,
  order: readonly string[],
  to: Endpoint | undefined,
) {
  for (const id of order) {
    const s = sockets[id];
    if (s && s.proto === 'udp' && s.open && reaches(to, s.local)) return s;
  }
  return undefined;
}
