import type { Event, EventOf, Family, SocketId } from '../protocol';
import { assertNever } from '../protocolValues';
import { sameEndpoint } from './endpoints';
import { onDatagramReceived, onDatagramSent } from './datagrams';
import { RECENT_LIMIT, type Chunk, type Phase, type SocketState, type World } from './types';

/** The world before any event: no sockets, nothing said. */
export function emptyWorld(): World {
  return {
    seq: 0,
    t: 0,
    sockets: {},
    order: [],
    connections: [],
    chunks: [],
    chunkCount: 0,
    datagrams: [],
    datagramCount: 0,
    lookups: {},
    services: {},
    lastError: null,
  };
}

function newSocket(id: SocketId, proto: 'tcp' | 'udp', family: Family, seq: number): SocketState {
  return {
    id,
    proto,
    family,
    phase: 'created',
    children: [],
    finSent: false,
    finReceived: false,
    closing: false,
    open: true,
    paused: false,
    bytesSent: 0,
    bytesReceived: 0,
    sends: 0,
    receives: 0,
    lastError: null,
    createdSeq: seq,
    lastSeq: seq,
    phaseSeq: seq,
  };
}

/** Replaces one socket (unknown ids are ignored: events of a shed prefix, or of another view). */
function patch(w: World, id: SocketId, seq: number, change: (s: SocketState) => Partial<SocketState>): World {
  const s = w.sockets[id];
  if (!s) return w;
  const next = { ...s, ...change(s), lastSeq: seq };
  if (next.phase !== s.phase) next.phaseSeq = seq;
  return { ...w, sockets: { ...w.sockets, [id]: next } };
}

const put = (w: World, s: SocketState): World => ({
  ...w,
  sockets: { ...w.sockets, [s.id]: s },
  order: w.sockets[s.id] ? w.order : [...w.order, s.id],
});

/** A phase a lifecycle event may move to, unless the socket is already further along. */
const RANK: Record<Phase, number> = {
  created: 0,
  error: 0, // a refused bind or listen leaves a socket that may try again
  bound: 1,
  listening: 2,
  connecting: 2,
  connected: 3,
  'half-closed': 4,
  'peer-half-closed': 4,
  closed: 5,
  reset: 5,
};
const advance = (from: Phase, to: Phase): Phase => (RANK[to] > RANK[from] ? to : from);

/** Once the dialler and the accepted socket are both known, draw the line between them. */
function linkCall(w: World, id: SocketId, seq: number): World {
  const s = w.sockets[id];
  if (!s || s.proto !== 'tcp' || !s.local || !s.remote) return w;
  if (w.connections.some((c) => c.caller === id || c.callee === id)) return w;
  for (const otherId of w.order) {
    const o = w.sockets[otherId];
    if (!o || o.id === id || o.proto !== 'tcp') continue;
    if (!sameEndpoint(o.local, s.remote) || !sameEndpoint(o.remote, s.local)) continue;
    const [caller, callee] = s.parent !== undefined ? [o.id, s.id] : [s.id, o.id];
    return { ...w, connections: [...w.connections, { id: `${caller}~${callee}`, caller, callee, seq }] };
  }
  return w;
}

function pushChunk(w: World, e: EventOf<'sent'> | EventOf<'received'>): World {
  const chunk: Chunk = {
    seq: e.seq,
    t: e.t,
    socket: e.socket,
    direction: e.kind,
    bytes: e.bytes,
    offset: e.offset,
    data: e.data,
  };
  const chunks = w.chunks.length >= RECENT_LIMIT ? [...w.chunks.slice(1 - RECENT_LIMIT), chunk] : [...w.chunks, chunk];
  return { ...w, chunks, chunkCount: w.chunkCount + 1 };
}

/** Activity on a socket that carries on after an error (UDP) brings back its phase. */
const recovered = (s: SocketState): Partial<SocketState> =>
  s.phase === 'error' && s.open && s.phaseBeforeError ? { phase: s.phaseBeforeError } : {};

function onError(w: World, e: EventOf<'error'>): World {
  const error = { code: e.code, syscall: e.syscall, message: e.message, seq: e.seq };
  if (e.socket === undefined || !w.sockets[e.socket]) return { ...w, lastError: error };
  return patch(w, e.socket, e.seq, (s) => {
    // A listener keeps listening when one incoming call fails (accept over the limit).
    if (s.phase === 'listening' || !s.open) return { lastError: error };
    const before = s.phase === 'error' ? s.phaseBeforeError : s.phase;
    return { phase: 'error', lastError: error, ...(before ? { phaseBeforeError: before } : {}) };
  });
}

/** A chunk said or heard (TCP) or a postcard posted or found (UDP): counters, then the chunk or datagram. */
function onBytes(w: World, e: EventOf<'sent'> | EventOf<'received'>): World {
  const sent = e.kind === 'sent';
  const next = patch(w, e.socket, e.seq, (s) => ({
    ...recovered(s),
    ...(sent
      ? { bytesSent: s.bytesSent + e.bytes, sends: s.sends + 1 }
      : { bytesReceived: s.bytesReceived + e.bytes, receives: s.receives + 1 }),
  }));
  const proto = next.sockets[e.socket]?.proto;
  if (proto === 'tcp') return pushChunk(next, e);
  if (proto !== 'udp') return next;
  return e.kind === 'sent' ? onDatagramSent(next, e) : onDatagramReceived(next, e);
}

function onClosed(w: World, e: EventOf<'closed'>): World {
  return patch(w, e.socket, e.seq, (s) => {
    // "Slammed down" stays visible after the close it caused, and so does the error that ended a call.
    const keep = s.phase === 'reset' || (s.phase === 'error' && e.hadError);
    // A close() with unread bytes made the kernel send RST instead of FIN: this side slammed the phone down.
    const phase = keep ? s.phase : e.rst ? 'reset' : 'closed';
    return {
      open: false,
      paused: false,
      closing: false,
      phase,
      ...(e.cause ? { closeCause: e.cause } : {}),
      ...(e.rst ? { closeSent: 'RST' as const } : e.fin ? { closeSent: 'FIN' as const, finSent: true } : {}),
      ...(e.rst && s.phase !== 'reset' ? { rstOnClose: true } : {}),
    };
  });
}

/** compare-started: the run's TCP sockets talk through one of Allô's relays, not to a program outside. */
function onCompareStarted(w: World, e: EventOf<'compare-started'>): World {
  let next = patch(w, e.tcp.sender, e.seq, () => ({ viaRelay: true }));
  for (const child of next.sockets[e.tcp.listener]?.children ?? [])
    next = patch(next, child, e.seq, () => ({ viaRelay: true }));
  return next;
}

/**
 * Applies one event to the world and returns the new world (the old one is not
 * changed). Events about sockets it has not seen are ignored, so a world can be
 * built from any suffix of a session.
 */
export function reduceWorld(world: World, event: Event): World {
  const w: World = { ...world, seq: event.seq, t: event.t };
  const { seq } = event;
  switch (event.kind) {
    case 'lookup': {
      const { host, addresses, socket, source, port } = event;
      const entry = {
        host,
        addresses,
        seq,
        ...(socket ? { socket } : {}),
        ...(source ? { source } : {}),
        ...(port !== undefined ? { port } : {}),
      };
      return { ...w, lookups: { ...w.lookups, [host]: entry } };
    }
    case 'service': {
      const { name, proto, port, source } = event;
      return { ...w, services: { ...w.services, [`${name}/${proto}`]: { name, proto, port, source, seq } } };
    }
    case 'created': {
      const existing = w.sockets[event.socket];
      const base = existing ?? newSocket(event.socket, event.proto, event.family, seq);
      const next: SocketState = { ...base, proto: event.proto, family: event.family, lastSeq: seq };
      if (event.label !== undefined) next.label = event.label;
      if (event.parent !== undefined) next.parent = event.parent;
      return put(w, next);
    }
    case 'bound':
      return patch(w, event.socket, seq, (s) => ({ local: event.local, phase: advance(s.phase, 'bound') }));
    case 'listening':
      return patch(w, event.socket, seq, () => ({ local: event.local, phase: 'listening' }));
    case 'connecting': {
      // With the local number the kernel chose at connect(), the call can be drawn before it is answered.
      const next = patch(w, event.socket, seq, (s) => ({
        remote: event.remote,
        ...(event.local ? { local: event.local } : {}),
        phase: advance(s.phase, 'connecting'),
      }));
      return linkCall(next, event.socket, seq);
    }
    case 'connected': {
      const next = patch(w, event.socket, seq, () => ({
        local: event.local,
        remote: event.remote,
        phase: 'connected',
      }));
      return linkCall(next, event.socket, seq);
    }
    case 'accepted': {
      // The server reports `accepted` on the listener before the child's own `created`.
      const listener = w.sockets[event.socket];
      let next = patch(w, event.socket, seq, (s) => ({ children: [...s.children, event.child] }));
      const child: SocketState = {
        ...(next.sockets[event.child] ?? newSocket(event.child, 'tcp', listener?.family ?? event.local.family, seq)),
        parent: event.socket,
        local: event.local,
        remote: event.remote,
        phase: 'connected',
        phaseSeq: seq,
        lastSeq: seq,
      };
      next = put(next, child);
      return linkCall(next, event.child, seq);
    }
    case 'sent':
    case 'received':
      return onBytes(w, event);
    case 'paused':
      return patch(w, event.socket, seq, () => ({ paused: true }));
    case 'resumed':
      return patch(w, event.socket, seq, () => ({ paused: false }));
    case 'ended':
      return patch(w, event.socket, seq, (s) => ({
        finSent: true,
        closing: s.finReceived,
        phase: s.open && s.phase !== 'error' && s.phase !== 'reset' ? 'half-closed' : s.phase,
      }));
    case 'peer-ended':
      return patch(w, event.socket, seq, (s) => ({
        finReceived: true,
        closing: s.finSent,
        // Both said goodbye: the socket stays "half-closed" (our bye was said) until `closed`.
        phase:
          !s.open || s.phase === 'error' || s.phase === 'reset'
            ? s.phase
            : s.finSent
              ? 'half-closed'
              : 'peer-half-closed',
      }));
    case 'reset':
      return patch(w, event.socket, seq, () => ({ phase: 'reset' }));
    case 'closed':
      return onClosed(w, event);
    case 'error':
      return onError(w, event);
    case 'kernel':
      return patch(w, event.socket, seq, () => ({
        kernel: {
          state: event.state,
          txQueue: event.txQueue,
          rxQueue: event.rxQueue,
          t: event.t,
          ...(event.timerMs !== undefined ? { timerMs: event.timerMs } : {}),
          ...(event.afterClose ? { afterClose: true } : {}),
          ...(event.tcpInfo ? { tcpInfo: event.tcpInfo } : {}),
        },
      }));
    case 'compare-started':
      return onCompareStarted(w, event);
    case 'link':
    case 'retransmit':
    case 'compare-ended':
      // A compare run's bookkeeping (shared/compare/scoreboard.ts reads it); its sockets have their own events.
      return w;
    case 'segment':
    case 'datagram':
    case 'icmp':
    case 'capture':
      // The wire beside the calls: views read these events themselves (client/features/wire); sockets' states come from the API's events.
      return w;
    case 'class-peer':
      // The far end is a classmate: the stage names them instead of "outside this session".
      return patch(w, event.socket, seq, () => ({ classPeer: { name: event.peer, service: event.service } }));
    case 'roster':
    case 'directory':
    case 'class-state':
      // The class (shared/class.ts): the class views read these events themselves; sockets have their own events.
      return w;
    default:
      return assertNever(event);
  }
}
