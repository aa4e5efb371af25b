import type { Endpoint, Event, EventOf } from '../../../../shared/protocol';
import { arrowLabel } from './labels';
import type { Arrow, Mark } from './types';
import { drawDatagram, drawUnmatchedReceive } from './drawData';
import { inFlightRow, laterRow, type Drawing } from './drawing';

const mark = (d: Drawing, e: Event & { socket: string }, kind: Mark['kind'], label: string): void => {
  d.marks.push({ key: `m${e.seq}`, lifeline: e.socket, y: d.rowOf.get(e.seq)!, kind, label, seq: e.seq });
};

/** Peer lifeline of a TCP socket: the other socket of the call, or the outside peer. */
function peerLine(d: Drawing, socket: string): string {
  const peer = d.pairing.peerOf.get(socket);
  return peer !== undefined && d.lifelines.has(peer) ? peer : d.outside(d.pairing.sockets.get(socket)?.remote);
}

/** An arrow from `from` at row `y` to the peer, ending where `end` says (arrived, later, never). */
function toPeer(
  d: Drawing,
  a: Omit<Arrow, 'y2' | 'fate' | 'to'>,
  to: string,
  end: { row: number; seq: number } | null,
): void {
  const external = d.lifelines.get(to)?.external;
  if (external) d.arrows.push({ ...a, to, y2: a.y1 + 0.5, fate: 'arrived', note: 'outside' });
  else if (end && end.row !== Infinity) d.arrows.push({ ...a, to, y2: end.row, fate: 'arrived', receivedSeq: end.seq });
  else d.arrows.push({ ...a, to, y2: inFlightRow(d), fate: 'in-flight' });
}

export function drawEvent(d: Drawing, e: Event): void {
  const y = d.rowOf.get(e.seq);
  if (y === undefined || !('socket' in e) || e.socket === undefined) return;
  const socket = e.socket;
  const proto = d.pairing.sockets.get(e.socket)?.proto ?? 'tcp';
  switch (e.kind) {
    case 'bound':
      return mark(d, e, 'bind', 'bind()');
    case 'listening':
      return mark(d, e, 'listen', 'listen()');
    case 'paused':
      return mark(d, e, 'pause', 'pause');
    case 'resumed':
      return mark(d, e, 'resume', 'resume');
    case 'closed':
      return mark(d, e, 'close', 'close()');
    case 'connecting': {
      if (proto === 'udp') return;
      const to = connectTarget(d, e.socket, e.remote);
      // In flight until connect() returns (or fails): then it ends halfway to that row.
      const syn: Arrow = {
        key: `syn${e.seq}`,
        kind: 'syn',
        from: e.socket,
        to,
        y1: y,
        y2: inFlightRow(d),
        fate: 'in-flight',
        label: 'SYN',
        sentSeq: e.seq,
      };
      d.arrows.push(syn);
      d.pending.connecting.set(e.socket, syn);
      return;
    }
    case 'connected':
      if (proto === 'udp') return mark(d, e, 'connect-udp', 'connect()');
      return drawHandshake(d, e, y);
    case 'accepted': {
      // The kernel finished the handshake on the listener; accept() hands over a new socket for the call.
      // The listener may report it before the caller's connect() returns: the handshake is then drawn
      // in full before this row, so that accept() never comes before the SYN it answers.
      const caller = d.pairing.peerOf.get(e.child);
      const syn = caller === undefined ? undefined : d.pending.connecting.get(caller);
      if (syn && syn.to === e.socket) drawHandshakeBefore(d, syn, e.seq, y);
      const ack = d.arrows.find(
        (a) =>
          a.kind === 'ack' && a.to === e.socket && a.fate === 'in-flight' && d.pairing.peerOf.get(a.from) === e.child,
      );
      if (ack) Object.assign(ack, { y2: Math.max(y, ack.y1 + 0.4), fate: 'arrived' });
      d.arrows.push({
        key: `acc${e.seq}`,
        kind: 'accept',
        from: e.socket,
        to: e.child,
        y1: y,
        y2: y,
        fate: 'arrived',
        label: 'accept()',
        sentSeq: e.seq,
      });
      return;
    }
    case 'sent':
      if (proto === 'udp') return drawDatagram(d, e, y);
      return drawChunk(d, e, y);
    case 'received': {
      // TCP is a stream: say so where one recv() got the bytes of several send()s.
      const from = proto === 'tcp' ? (d.pairing.byReceived.get(e.seq)?.length ?? 0) : 0;
      if (from > 1) mark(d, e, 'merge', `recv() ← ${from} send()`);
      return drawUnmatchedReceive(d, e, y, proto);
    }
    case 'ended':
    case 'reset': {
      const fin = e.kind === 'ended';
      const peer = d.pairing.peerOf.get(e.socket);
      const end =
        peer === undefined
          ? null
          : laterRow(
              d,
              e.seq,
              (x) =>
                'socket' in x &&
                x.socket === peer &&
                (fin
                  ? x.kind === 'peer-ended'
                  : (x.kind === 'error' && x.code === 'ECONNRESET') || x.kind === 'closed'),
            );
      const a = {
        key: `${e.kind}${e.seq}`,
        kind: fin ? 'fin' : 'rst',
        from: e.socket,
        y1: y,
        label: fin ? 'FIN' : 'RST',
        sentSeq: e.seq,
      } as const;
      return toPeer(d, a, peerLine(d, e.socket), end);
    }
    case 'peer-ended':
      return drawFromPeer(d, e, y, 'fin', 'FIN', 'ended');
    case 'error':
      if (e.code === 'ECONNRESET') return drawFromPeer(d, { ...e, socket }, y, 'rst', 'RST', 'reset');
      return drawError(d, { ...e, socket }, y);
    default:
      return;
  }
}

/** The listener a connect() reaches (via the call it accepted, or by its number), or the outside. */
function connectTarget(d: Drawing, socket: string, remote: Endpoint): string {
  const child = d.pairing.peerOf.get(socket);
  const parent = child === undefined ? undefined : d.world.sockets[child]?.parent;
  if (parent && d.lifelines.has(parent)) return parent;
  for (const [id, s] of d.pairing.sockets)
    if (s.proto === 'tcp' && !s.remote && s.local && s.local.port === remote.port && d.lifelines.has(id)) return id;
  return d.outside(remote);
}

/**
 * accept() came before connect() returned: the three steps happen between the
 * SYN's row and accept()'s, the ACK arriving at accept(); connect() returns later.
 */
function drawHandshakeBefore(d: Drawing, syn: Arrow, seq: number, y: number): void {
  d.pending.connecting.delete(syn.from);
  const step = (y - syn.y1) / 3;
  Object.assign(syn, { fate: 'arrived', y2: syn.y1 + step });
  const back = { sentSeq: seq, fate: 'arrived' as const };
  d.arrows.push(
    {
      ...back,
      key: `synack${seq}`,
      kind: 'syn-ack',
      from: syn.to,
      to: syn.from,
      y1: syn.y2,
      y2: syn.y1 + 2 * step,
      label: 'SYN-ACK',
    },
    {
      ...back,
      key: `ack${seq}`,
      kind: 'ack',
      from: syn.from,
      to: syn.to,
      y1: syn.y1 + 2 * step,
      y2: y,
      label: 'ACK',
      receivedSeq: seq,
    },
  );
}

/** connect() returned: the kernel's SYN had its SYN-ACK, and it answered ACK. */
function drawHandshake(d: Drawing, e: EventOf<'connected'>, y: number): void {
  const syn = d.pending.connecting.get(e.socket);
  if (!syn) return; // drawn already when the listener reported accept() first, or began before the window
  d.pending.connecting.delete(e.socket);
  syn.fate = 'arrived';
  syn.y2 = (syn.y1 + y) / 2;
  const base = { from: syn.to, y1: syn.y2, sentSeq: e.seq };
  d.arrows.push({
    ...base,
    key: `synack${e.seq}`,
    kind: 'syn-ack',
    to: e.socket,
    y2: y,
    fate: 'arrived',
    label: 'SYN-ACK',
  });
  // The listener may have reported accept() before connect() returned: the ACK has then already arrived.
  const child = d.pairing.peerOf.get(e.socket);
  const acceptedEarlier = d.events.some((x) => x.kind === 'accepted' && x.child === child && x.seq < e.seq);
  const arrived = d.lifelines.get(syn.to)?.external || acceptedEarlier;
  d.arrows.push({
    key: `ack${e.seq}`,
    kind: 'ack',
    from: e.socket,
    to: syn.to,
    y1: y,
    y2: arrived ? y + 0.4 : inFlightRow(d),
    fate: arrived ? 'arrived' : 'in-flight',
    label: 'ACK',
    sentSeq: e.seq,
  });
}

/** One send(): an arrow to each recv() that got part of its bytes, and one in flight for bytes not received yet. */
function drawChunk(d: Drawing, e: EventOf<'sent'>, y: number): void {
  const to = peerLine(d, e.socket);
  const base = { kind: 'data' as const, from: e.socket, y1: y, sentSeq: e.seq };
  const links = d.pairing.links.filter((l) => l.sent === e.seq);
  // …and where one send() was delivered in several recv()s (as far as the cursor has seen).
  const parts = links.filter((l) => l.received <= d.cursor).length;
  if (parts > 1) mark(d, e, 'split', `send() → ${parts} recv()`);
  let covered = 0;
  for (const l of links) {
    covered += l.end - l.start;
    const end = l.received <= d.cursor ? { row: d.rowOf.get(l.received) ?? Infinity, seq: l.received } : null;
    toPeer(
      d,
      {
        ...base,
        key: `d${e.seq}-${l.received}`,
        label: arrowLabel(e.data, e.offset, l.start, l.end),
        range: [l.start, l.end],
      },
      to,
      end,
    );
  }
  if (covered < e.bytes) {
    const start = e.offset + covered;
    toPeer(
      d,
      {
        ...base,
        key: `d${e.seq}-rest`,
        label: arrowLabel(e.data, e.offset, start, e.offset + e.bytes),
        range: [start, e.offset + e.bytes],
      },
      to,
      null,
    );
  }
}

/**
 * A FIN or RST that arrived without its `ended`/`reset` drawn: close() sends FIN
 * too (and the arrow then starts at the peer's `closed`), the peer may be
 * outside the session, or it sent before the window began.
 */
function drawFromPeer(
  d: Drawing,
  e: Event & { socket: string },
  y: number,
  kind: 'fin' | 'rst',
  label: string,
  senderKind: string,
): void {
  if (d.arrows.some((a) => a.kind === kind && a.to === e.socket && a.receivedSeq === e.seq)) return;
  const peer = d.pairing.peerOf.get(e.socket);
  let y1 = -0.5;
  if (peer !== undefined) {
    let cause: Event | undefined;
    for (const x of d.events) {
      if (x.seq >= e.seq) break;
      if ('socket' in x && x.socket === peer && (x.kind === senderKind || x.kind === 'closed') && d.rowOf.has(x.seq))
        cause = x;
    }
    if (cause?.kind === senderKind) return; // drawn from the sender's side
    if (cause) y1 = d.rowOf.get(cause.seq)!;
  }
  const from = peerLine(d, e.socket);
  if (d.lifelines.get(from)?.external) y1 = y - 0.5;
  d.arrows.push({
    key: `${kind}in${e.seq}`,
    kind,
    from,
    to: e.socket,
    y1,
    y2: y,
    fate: 'arrived',
    label,
    receivedSeq: e.seq,
  });
}

/** An error: a refused connect() is the kernel's RST answering the SYN; anything else is a mark on the lifeline. */
function drawError(d: Drawing, e: EventOf<'error'> & { socket: string }, y: number): void {
  const syn = d.pending.connecting.get(e.socket);
  if (syn && e.code === 'ECONNREFUSED') {
    d.pending.connecting.delete(e.socket);
    syn.fate = 'arrived';
    syn.y2 = (syn.y1 + y) / 2;
    d.arrows.push({
      key: `rr${e.seq}`,
      kind: 'rst-refused',
      from: syn.to,
      to: e.socket,
      y1: syn.y2,
      y2: y,
      fate: 'arrived',
      label: 'RST',
      note: e.code,
      receivedSeq: e.seq,
    });
  } else if (syn) {
    d.pending.connecting.delete(e.socket);
    syn.y2 = (syn.y1 + y) / 2;
    syn.fate = 'nowhere';
    syn.note = e.code;
  }
  mark(d, e, 'error', e.code);
}
