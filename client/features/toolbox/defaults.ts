import type { Family } from '../../../shared/protocol';
import type { SocketState, World } from '../../../shared/world';

export const loopback = (family: Family) => (family === 6 ? '::1' : '127.0.0.1');

/**
 * Where a socket most likely wants to call or post to: the newest listener of
 * the session (TCP) or the newest other UDP mailbox with a number. Saves typing
 * the port in a classroom demo; any value can still be typed.
 */
export function suggestTarget(world: World, s: SocketState): { host: string; port: string } {
  for (let i = world.order.length - 1; i >= 0; i--) {
    const o = world.sockets[world.order[i]!];
    if (!o || o.id === s.id || !o.open || !o.local || o.family !== s.family) continue;
    const fits = s.proto === 'tcp' ? o.proto === 'tcp' && o.phase === 'listening' : o.proto === 'udp';
    if (fits)
      return { host: wildcard(o.local.address) ? loopback(s.family) : o.local.address, port: String(o.local.port) };
  }
  return { host: loopback(s.family), port: '' };
}

const wildcard = (a: string) => a === '0.0.0.0' || a === '::';
