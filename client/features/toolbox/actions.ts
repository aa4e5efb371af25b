import type { Phase, SocketState } from '../../../shared/world';

/** What a person can do with one socket from the toolbox. */
export type SocketAction = 'bind' | 'listen' | 'connect' | 'send' | 'end' | 'close' | 'reset' | 'pause' | 'resume';

export const ALL_ACTIONS: readonly SocketAction[] = [
  'bind',
  'listen',
  'connect',
  'send',
  'end',
  'pause',
  'resume',
  'reset',
  'close',
];

const TCP: Record<Phase, readonly SocketAction[]> = {
  created: ['bind', 'listen', 'connect', 'close'],
  bound: ['listen', 'connect', 'close'],
  listening: ['close'],
  connecting: ['close'],
  connected: ['send', 'end', 'pause', 'reset', 'close'],
  // Our FIN is out: no more talking, but we still hear the other side.
  'half-closed': ['pause', 'reset', 'close'],
  // The other side said bye: recv() returns 0, but we may still talk.
  'peer-half-closed': ['send', 'end', 'pause', 'reset', 'close'],
  closed: [],
  reset: [],
  error: ['close'],
};

// Postcards first: sending is what a mailbox is for; connect() only sets a default peer.
const UDP: Record<Phase, readonly SocketAction[]> = {
  created: ['bind', 'send', 'connect', 'close'],
  bound: ['send', 'connect', 'close'],
  listening: ['close'],
  connecting: ['close'],
  connected: ['send', 'close'],
  'half-closed': ['close'],
  'peer-half-closed': ['close'],
  closed: [],
  reset: [],
  error: ['close'],
};

/**
 * The actions that make sense for a socket in its current phase, as the C API
 * allows them: a listening socket only accepts, a half-closed one only hears, a
 * closed one nothing. A socket that carries on after an error (a refused bind,
 * a UDP refusal) offers what its phase before the error offered.
 */
export function actionsFor(s: SocketState): SocketAction[] {
  if (!s.open) return [];
  const phase = s.phase === 'error' && s.phaseBeforeError ? s.phaseBeforeError : s.phase;
  const list = (s.proto === 'tcp' ? TCP : UDP)[phase];
  return list.flatMap((a) => (a === 'pause' ? [s.paused ? 'resume' : 'pause'] : [a]));
}

/** A UDP socket without a default peer must say where each postcard goes (sendto). */
export const needsDestination = (s: SocketState): boolean => s.proto === 'udp' && !s.remote;
