import type { EventOf, Proto } from '../../../../shared/protocol';
import { formatEndpoint } from '../../../../shared/world';
import { udpOwner } from '../../../../shared/world/endpoints';
import { inFlightRow, type Drawing } from './drawing';
import { arrowLabel } from './labels';

/**
 * A UDP postcard: to the socket that received it, in flight if it is received
 * after the cursor, or ending nowhere — lost, or sent to a number no socket of
 * the session has (UDP never tells the sender).
 */
export function drawDatagram(d: Drawing, e: EventOf<'sent'>, y: number): void {
  const label = arrowLabel(e.data, 0, 0, e.bytes);
  const base = {
    key: `u${e.seq}`,
    kind: 'datagram' as const,
    from: e.socket,
    y1: y,
    label,
    sentSeq: e.seq,
    range: [0, e.bytes] as [number, number],
  };
  const received = d.pairing.bySent.get(e.seq)?.[0];
  if (received !== undefined) {
    const to = d.events.find((x) => x.seq === received);
    if (to && 'socket' in to && to.socket && d.lifelines.has(to.socket)) {
      const row = received <= d.cursor ? d.rowOf.get(received) : undefined;
      d.arrows.push(
        row === undefined
          ? { ...base, to: to.socket, y2: inFlightRow(d), fate: 'in-flight' }
          : { ...base, to: to.socket, y2: row, fate: 'arrived', receivedSeq: received },
      );
      return;
    }
  }
  const dest = e.to ?? d.pairing.sockets.get(e.socket)?.remote;
  const owner = udpOwner(d.world.sockets, d.world.order, dest);
  const to = owner && d.lifelines.has(owner.id) ? owner.id : d.outside(dest);
  const note = owner ? 'lost' : `no-receiver ${dest ? formatEndpoint(dest) : ''}`.trim();
  d.arrows.push({ ...base, to, y2: y + 0.5, fate: 'nowhere', note });
}

/** Bytes received whose sending is not drawn: from outside the session, or sent before the window began. */
export function drawUnmatchedReceive(d: Drawing, e: EventOf<'received'>, y: number, proto: Proto): void {
  const senders = d.pairing.byReceived.get(e.seq);
  if (senders?.length) return; // drawn from the sending side
  let from: string;
  let y1 = y - 0.5;
  if (proto === 'udp') {
    const sender = e.from ? udpOwner(d.world.sockets, d.world.order, e.from) : undefined;
    from = sender && d.lifelines.has(sender.id) ? sender.id : d.outside(e.from);
  } else {
    const peer = d.pairing.peerOf.get(e.socket);
    if (peer !== undefined && d.lifelines.has(peer)) {
      from = peer;
      y1 = -0.5; // sent before the first row drawn
    } else from = d.outside(d.pairing.sockets.get(e.socket)?.remote);
  }
  d.arrows.push({
    key: `r${e.seq}`,
    kind: proto === 'udp' ? 'datagram' : 'data',
    from,
    to: e.socket,
    y1,
    y2: y,
    fate: 'arrived',
    label: arrowLabel(e.data, e.offset, e.offset, e.offset + e.bytes),
    receivedSeq: e.seq,
    range: [e.offset, e.offset + e.bytes],
  });
}
