import { sameEndpoint } from './endpoints';
import { LINGERING_STATES, type SocketState, type World } from './types';

/**
 * Who is at the far end of a socket's call: another socket of this session,
 * one of Allô's own relays (a compare run), or a program outside the session.
 * A peer is "outside" only when nothing of the session owns that endpoint —
 * mid-handshake, the dialler of an accepted call is still the session's own.
 */
export type FarEnd = 'session' | 'relay' | 'outside';

export function farEnd(world: World, s: SocketState): FarEnd {
  if (s.viaRelay) return 'relay';
  for (const id of world.order) {
    const o = world.sockets[id];
    if (!o || o.id === s.id || o.proto !== s.proto) continue;
    // Someone of the session has that number (a dialler's local, known from `connecting`).
    if (sameEndpoint(o.local, s.remote) && (!o.remote || !s.local || sameEndpoint(o.remote, s.local))) return 'session';
    // An accepted call whose dialler is still dialling, in a recording without its local number.
    if (s.parent !== undefined && !o.local && o.phase === 'connecting' && sameEndpoint(o.remote, s.local))
      return 'session';
  }
  return 'outside';
}

/**
 * A TCP socket the program closed while the kernel still keeps its call
 * (FIN_WAIT2, TIME_WAIT…): drawn as a ghost until the kernel lets go.
 */
export function lingersInKernel(s: SocketState): boolean {
  return !s.open && s.kernel?.afterClose === true && LINGERING_STATES.includes(s.kernel.state);
}

/** Time left on the kernel's timer at world time `t` (ms), from its latest sample; undefined without a timer. */
export function kernelTimeLeft(s: SocketState, t: number): number | undefined {
  const k = s.kernel;
  if (k?.timerMs === undefined) return undefined;
  return Math.max(0, k.timerMs - Math.max(0, t - k.t));
}
