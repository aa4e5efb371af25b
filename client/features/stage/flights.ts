import type { Data, SocketId } from '../../../shared/protocol';
import type { World } from '../../../shared/world';

/**
 * Where a flight starts or ends: a socket on the stage, the ghost phone of a
 * socket's peer outside the session, or the far side of the stage (nowhere).
 */
export type Anchor = { socket: SocketId } | { ghost: SocketId } | { across: SocketId };

/** Something that moves across the stage: a speech bubble on a line, or a postcard on its own. */
export interface Flight {
  key: string;
  seq: number;
  kind: 'speech' | 'postcard';
  from: Anchor;
  to: Anchor;
  data: Data;
  bytes: number;
  /** A postcard nobody in the session has the number for: it fades out on its way. */
  nowhere: boolean;
}

export interface FlightBatch {
  flights: Flight[];
  /** Messages that arrived in the same burst but are summarised ("+37 messages"), not animated. */
  summarised: number;
}

/** At most this many bubbles or postcards start in one go; the rest are counted. */
export const MAX_NEW_FLIGHTS = 6;

const peerOf = (w: World, id: SocketId): SocketId | undefined => {
  for (const c of w.connections) {
    if (c.caller === id) return c.callee;
    if (c.callee === id) return c.caller;
  }
  return undefined;
};

/**
 * What should start moving between two worlds the stage showed one after the
 * other. Only forward steps animate (going back shows the earlier state still).
 * TCP: each chunk the kernel delivered flies to its receiver (the `received`
 * event: three sends may arrive as one bubble); a chunk sent to a peer outside
 * the session flies off to the edge. UDP: each postcard flies alone, or off the
 * stage when no socket of the session has that number. A burst keeps only the
 * newest MAX_NEW_FLIGHTS so animations never fall behind the events.
 */
export function newFlights(prev: World | null, next: World): FlightBatch {
  if (!prev || next.seq <= prev.seq) return { flights: [], summarised: 0 };
  const since = prev.seq;
  const flights: Flight[] = [];
  let total = next.datagramCount - prev.datagramCount;
  for (const id of next.order) {
    const s = next.sockets[id];
    if (s?.proto !== 'tcp') continue;
    const before = prev.sockets[id];
    total += s.receives - (before?.receives ?? 0);
    if (!peerOf(next, id)) total += s.sends - (before?.sends ?? 0);
  }

  for (const ch of next.chunks) {
    if (ch.seq <= since) continue;
    const peer = peerOf(next, ch.socket);
    if (ch.direction === 'received') {
      flights.push({
        key: `c${ch.seq}`,
        seq: ch.seq,
        kind: 'speech',
        from: peer ? { socket: peer } : { ghost: ch.socket },
        to: { socket: ch.socket },
        data: ch.data,
        bytes: ch.bytes,
        nowhere: false,
      });
    } else if (!peer) {
      // A peer outside the session: its own recv() is not ours to see, so the send flies off.
      flights.push({
        key: `c${ch.seq}`,
        seq: ch.seq,
        kind: 'speech',
        from: { socket: ch.socket },
        to: { ghost: ch.socket },
        data: ch.data,
        bytes: ch.bytes,
        nowhere: false,
      });
    }
  }
  for (const d of next.datagrams) {
    if (d.seq <= since) continue;
    // A datagram of the session has a sender or a receiver (or both) among its sockets.
    const from: Anchor = d.fromSocket ? { socket: d.fromSocket } : { across: d.toSocket ?? '' };
    const to: Anchor = d.toSocket ? { socket: d.toSocket } : { across: d.fromSocket ?? '' };
    flights.push({
      key: `d${d.seq}`,
      seq: d.seq,
      kind: 'postcard',
      from,
      to,
      data: d.data,
      bytes: d.bytes,
      nowhere: d.fate === 'nowhere',
    });
  }
  flights.sort((a, b) => a.seq - b.seq);
  const kept = flights.slice(-MAX_NEW_FLIGHTS);
  return { flights: kept, summarised: Math.max(0, total - kept.length) };
}
