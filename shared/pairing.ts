/**
 * Pairs what one socket sent with what another received.
 *
 * TCP is a byte stream: the kernel may merge three `send()`s into one `recv()`,
 * or split one `send()` across two. Every `sent`/`received` event carries the
 * stream `offset` of its first byte, so a chunk is a byte range of one direction
 * of one connection, and a sent chunk is linked to every received chunk whose
 * range overlaps it. UDP keeps message boundaries but may lose or reorder
 * datagrams: a datagram is matched by source, destination and content, and one
 * that nobody in the session received stays unmatched ("ends nowhere").
 *
 * Pure and DOM-free: the sequence diagram, the stage and tests share it.
 */
import type { Endpoint, Event, EventOf, Proto } from './protocol';
import { normalAddress, reaches } from './world/endpoints';

/** One sent chunk linked to one received chunk, with the bytes they share. */
export interface DataLink {
  /** seq of the `sent` event. */
  sent: number;
  /** seq of the `received` event. */
  received: number;
  /** Stream offsets [start, end) both chunks cover (UDP: the whole datagram, from 0). */
  start: number;
  end: number;
}

/** What a socket is, as far as pairing needs: its protocol and its two numbers. */
export interface SocketEnds {
  proto: Proto;
  local?: Endpoint;
  remote?: Endpoint;
}

export interface Pairing {
  /** Every link, in the order of the received chunks. */
  links: DataLink[];
  /** sent seq → the received seqs its bytes went to (several when the kernel split it). */
  bySent: Map<number, number[]>;
  /** received seq → the sent seqs its bytes came from (several when the kernel merged them). */
  byReceived: Map<number, number[]>;
  /** TCP socket → the socket of this session at the other end of its connection. */
  peerOf: Map<string, string>;
  /** Every socket's protocol and endpoints (the last ones known). */
  sockets: Map<string, SocketEnds>;
}

const key = (e: Endpoint) => `${normalAddress(e.address)}|${e.port}`;

/** Reads every socket's protocol and endpoints out of the events. */
export function socketEnds(events: readonly Event[]): Map<string, SocketEnds> {
  const sockets = new Map<string, SocketEnds>();
  for (const e of events) {
    switch (e.kind) {
      case 'created':
        // An accepted child may have been announced (with its endpoints) by its listener first.
        setEnds(sockets, e.socket, { proto: e.proto });
        break;
      case 'bound':
      case 'listening':
        setEnds(sockets, e.socket, { local: e.local });
        break;
      case 'connecting':
        setEnds(sockets, e.socket, { remote: e.remote });
        break;
      case 'connected':
        setEnds(sockets, e.socket, { local: e.local, remote: e.remote });
        break;
      case 'accepted':
        // The child's own `created` may come before or after; keep what it says about proto.
        if (!sockets.has(e.child)) sockets.set(e.child, { proto: 'tcp' });
        setEnds(sockets, e.child, { local: e.local, remote: e.remote });
        break;
      default:
        break;
    }
  }
  return sockets;
}

function setEnds(sockets: Map<string, SocketEnds>, id: string, ends: Partial<SocketEnds>): void {
  const s = sockets.get(id);
  if (s) Object.assign(s, ends);
  else sockets.set(id, { proto: 'tcp', ...ends });
}

/**
 * Pairs every sent chunk with the received chunks that carried its bytes.
 * `events` may be a window of a long session (a view's last few hundred
 * events): pass `sockets` read from the whole session so that sockets created
 * before the window are still known.
 */
export function pairData(events: readonly Event[], sockets: Map<string, SocketEnds> = socketEnds(events)): Pairing {
  const pairing: Pairing = { links: [], bySent: new Map(), byReceived: new Map(), peerOf: tcpPeers(sockets), sockets };
  pairTcp(events, pairing);
  pairUdp(events, pairing);
  pairing.links.sort((a, b) => a.received - b.received || a.sent - b.sent);
  return pairing;
}

function addLink(p: Pairing, link: DataLink): void {
  p.links.push(link);
  const s = p.bySent.get(link.sent);
  if (s) s.push(link.received);
  else p.bySent.set(link.sent, [link.received]);
  const r = p.byReceived.get(link.received);
  if (r) r.push(link.sent);
  else p.byReceived.set(link.received, [link.sent]);
}

/** Two TCP sockets of the session are one connection when each one's local end is the other's remote end. */
function tcpPeers(sockets: Map<string, SocketEnds>): Map<string, string> {
  const byEnds = new Map<string, string>();
  for (const [id, s] of sockets)
    if (s.proto === 'tcp' && s.local && s.remote) byEnds.set(`${key(s.local)}>${key(s.remote)}`, id);
  const peers = new Map<string, string>();
  for (const [id, s] of sockets) {
    if (s.proto !== 'tcp' || !s.local || !s.remote) continue;
    const peer = byEnds.get(`${key(s.remote)}>${key(s.local)}`);
    if (peer !== undefined && peer !== id) peers.set(id, peer);
  }
  return peers;
}

type Chunk = { seq: number; start: number; end: number };

/** Each direction of each connection is a byte stream: link chunks whose ranges overlap. */
function pairTcp(events: readonly Event[], p: Pairing): void {
  const sent = new Map<string, Chunk[]>();
  const received = new Map<string, Chunk[]>();
  for (const e of events) {
    if ((e.kind !== 'sent' && e.kind !== 'received') || p.sockets.get(e.socket)?.proto !== 'tcp') continue;
    const into = e.kind === 'sent' ? sent : received;
    const list = into.get(e.socket) ?? [];
    list.push({ seq: e.seq, start: e.offset, end: e.offset + e.bytes });
    into.set(e.socket, list);
  }
  for (const [from, chunks] of sent) {
    const to = p.peerOf.get(from);
    const got = to === undefined ? undefined : received.get(to);
    if (got) overlapLinks(chunks, got, p);
  }
}

function overlapLinks(sent: Chunk[], received: Chunk[], p: Pairing): void {
  const byStart = (a: Chunk, b: Chunk) => a.start - b.start || a.seq - b.seq;
  const s = [...sent].sort(byStart);
  const r = [...received].sort(byStart);
  let i = 0;
  let j = 0;
  while (i < s.length && j < r.length) {
    const a = s[i]!;
    const b = r[j]!;
    const start = Math.max(a.start, b.start);
    const end = Math.min(a.end, b.end);
    if (start < end) addLink(p, { sent: a.seq, received: b.seq, start, end });
    // Advance whichever chunk finishes first; both when they end together.
    if (a.end <= b.end) i++;
    if (b.end <= a.end) j++;
  }
}

type Datagram = { event: EventOf<'sent'>; from: Endpoint; to: Endpoint };

/**
 * A datagram sent from A's number to B's number is the one B received from A's
 * number with the same bytes — the first such one still waiting, so reordered
 * datagrams still pair up, and lost ones are simply left over.
 */
function pairUdp(events: readonly Event[], p: Pairing): void {
  // Start from what is known of every socket (a window may begin after their bind); update as events come.
  const ends = new Map<string, SocketEnds>();
  for (const [id, s] of p.sockets) ends.set(id, { ...s });
  const waiting: Datagram[] = [];
  for (const e of events) {
    // Endpoints as they were at this moment: a datagram leaves from the number the socket had then.
    if (e.kind === 'created') ends.set(e.socket, { ...ends.get(e.socket), proto: e.proto });
    else if (e.kind === 'bound') Object.assign(ends.get(e.socket) ?? {}, { local: e.local });
    else if (e.kind === 'connected') Object.assign(ends.get(e.socket) ?? {}, { local: e.local, remote: e.remote });
    if (e.kind !== 'sent' && e.kind !== 'received') continue;
    const s = ends.get(e.socket);
    if (s?.proto !== 'udp' || !s.local) continue;
    if (e.kind === 'sent') {
      const to = e.to ?? s.remote;
      if (to) waiting.push({ event: e, from: s.local, to });
      continue;
    }
    const local = s.local;
    const from = e.from;
    const i = waiting.findIndex(
      (d) =>
        reaches(d.to, local) &&
        (from === undefined || reaches(from, d.from) || reaches(d.from, from)) &&
        d.event.bytes === e.bytes &&
        d.event.data.base64 === e.data.base64,
    );
    if (i < 0) continue;
    const [d] = waiting.splice(i, 1);
    addLink(p, { sent: d!.event.seq, received: e.seq, start: 0, end: e.bytes });
  }
}
