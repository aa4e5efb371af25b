import type { EventOf } from '../protocol';
import { reaches, sameEndpoint, udpOwner } from './endpoints';
import { RECENT_LIMIT, type Datagram, type World } from './types';

function replaceAt(list: readonly Datagram[], i: number, d: Datagram): Datagram[] {
  const copy = [...list];
  copy[i] = d;
  return copy;
}

function append(w: World, d: Datagram): World {
  const list = w.datagrams.length >= RECENT_LIMIT ? w.datagrams.slice(1 - RECENT_LIMIT) : [...w.datagrams];
  list.push(d);
  return { ...w, datagrams: list, datagramCount: w.datagramCount + 1 };
}

/**
 * A postcard leaves a UDP socket. It goes to `to` (sendto) or to the default
 * peer a UDP connect() set. If no socket of this session has that number, it is
 * drawn going nowhere: UDP never tells the sender whether anyone read it.
 */
export function onDatagramSent(w: World, e: EventOf<'sent'>): World {
  const sender = w.sockets[e.socket];
  const to = e.to ?? sender?.remote;
  // The receiving side may have reported it first (both happen in the same instant).
  const early = w.datagrams.findIndex(
    (d) => d.sentSeq === null && d.fromSocket === e.socket && d.bytes === e.bytes && (!to || reaches(to, d.to)),
  );
  if (early >= 0) {
    const d = w.datagrams[early]!;
    return { ...w, datagrams: replaceAt(w.datagrams, early, { ...d, sentSeq: e.seq, ...(to ? { to } : {}) }) };
  }
  const owner = udpOwner(w.sockets, w.order, to);
  const d: Datagram = {
    seq: e.seq,
    sentSeq: e.seq,
    receivedSeq: null,
    fromSocket: e.socket,
    toSocket: owner?.id ?? null,
    bytes: e.bytes,
    data: e.data,
    fate: owner ? 'in-flight' : 'nowhere',
  };
  if (sender?.local) d.from = sender.local;
  if (to) d.to = to;
  return append(w, d);
}

/** A postcard arrives: pair it with the in-flight one it is, or record one from outside. */
export function onDatagramReceived(w: World, e: EventOf<'received'>): World {
  const receiver = w.sockets[e.socket];
  const i = w.datagrams.findIndex(
    (d) =>
      d.fate !== 'delivered' &&
      d.bytes === e.bytes &&
      (!e.from || sameEndpoint(d.from, e.from)) &&
      (d.toSocket === e.socket || reaches(d.to, receiver?.local)),
  );
  if (i >= 0) {
    const d = w.datagrams[i]!;
    const delivered: Datagram = { ...d, toSocket: e.socket, receivedSeq: e.seq, fate: 'delivered' };
    return { ...w, datagrams: replaceAt(w.datagrams, i, delivered) };
  }
  const sender = e.from
    ? w.order.map((id) => w.sockets[id]).find((s) => s?.proto === 'udp' && sameEndpoint(s.local, e.from))
    : undefined;
  const d: Datagram = {
    seq: e.seq,
    sentSeq: null,
    receivedSeq: e.seq,
    fromSocket: sender?.id ?? null,
    toSocket: e.socket,
    bytes: e.bytes,
    data: e.data,
    fate: 'delivered',
  };
  if (e.from) d.from = e.from;
  if (receiver?.local) d.to = receiver.local;
  return append(w, d);
}
