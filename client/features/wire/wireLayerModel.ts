/**
 * The wire layer of the sequence diagram as data: one thin arrow per captured
 * packet, placed between the rows of the API events by its capture time (the
 * SYN between `connecting` and `connected`, the last ACK after `closed`). Pure.
 */
import type { Event } from '../../../shared/protocol';
import { formatEndpoint, type World } from '../../../shared/world';
import type { Lifeline, SequenceModel } from '../sequence';
import { type WireEvent, datagramHeader, isPureAck, segmentHeader, segmentMarks } from './wireText';

export type WireMode = 'calls' | 'wire' | 'both';

export interface WireArrow {
  key: string;
  seq: number;
  frame: number;
  kind: 'segment' | 'datagram' | 'icmp';
  /** The socket of the session it belongs to (always a drawn lifeline). */
  socket: string;
  /** Lifeline ids; `stub:<endpoint>` or null for an end that is not drawn (a short stub beside `socket`). */
  from: string | null;
  to: string | null;
  /** Fractional row, on the diagram's row scale. */
  y: number;
  /** Short text on the arrow: flags and length. */
  label: string;
  /** The whole header, for hover and focus. */
  header: string;
  pureAck: boolean;
  marks: string[];
}

/** API arrows that the real segments replace when the wire is drawn too. */
const HANDSHAKE_AND_GOODBYE = new Set(['syn', 'syn-ack', 'ack', 'rst-refused', 'fin', 'rst']);

/** The API model for the chosen mode: nothing in wire mode, no drawn handshake when real segments are there. */
export function callsFor(model: SequenceModel, mode: WireMode, hasWire: boolean): SequenceModel {
  if (mode === 'wire') return { ...model, arrows: [], marks: [] };
  if (mode === 'both' && hasWire)
    return { ...model, arrows: model.arrows.filter((a) => !HANDSHAKE_AND_GOODBYE.has(a.kind)) };
  return model;
}

const WIRE = new Set(['segment', 'datagram', 'icmp']);

export function buildWireLayer(input: {
  events: readonly Event[];
  cursor: number;
  model: SequenceModel;
  rowTimes: readonly number[];
  world: World;
}): WireArrow[] {
  const { events, cursor, model, rowTimes, world } = input;
  const first = model.rowSeqs[0] ?? 0;
  const byEndpoint = new Map<string, Lifeline>();
  for (const l of model.lifelines) if (l.external) byEndpoint.set(l.endpoint, l);
  const drawn = new Set(model.lifelines.map((l) => l.id));
  const other = (e: WireEvent & { socket: string }, endpoint: string | undefined): string | null => {
    if ('peer' in e && e.peer && drawn.has(e.peer)) return e.peer;
    const l = endpoint ? byEndpoint.get(endpoint) : undefined;
    return l ? l.id : endpoint ? `stub:${endpoint}` : null;
  };
  const picked: { e: WireEvent & { kind: 'segment' | 'datagram' | 'icmp' }; row: number }[] = [];
  for (const e of events) {
    if (e.seq > cursor) break;
    if (e.seq < first || !WIRE.has(e.kind)) continue;
    const w = e as WireEvent & { kind: 'segment' | 'datagram' | 'icmp' };
    if (!drawn.has(w.socket)) continue;
    picked.push({ e: w, row: rowBefore(rowTimes, w.t) });
  }
  // Packets between two rows share the gap evenly, in capture order.
  const groups = new Map<number, typeof picked>();
  for (const p of picked) {
    const g = groups.get(p.row) ?? [];
    g.push(p);
    groups.set(p.row, g);
  }
  const out: WireArrow[] = [];
  for (const [row, g] of groups) {
    g.sort((a, b) => a.e.t - b.e.t || a.e.seq - b.e.seq);
    g.forEach(({ e }, j) => {
      const y = row + (j + 1) / (g.length + 1);
      const remote = world.sockets[e.socket]?.remote;
      const far =
        e.kind === 'datagram'
          ? formatEndpoint(e.dir === 'out' ? e.dst : e.src)
          : remote
            ? formatEndpoint(remote)
            : undefined;
      const there = other(e, far);
      const [from, to] = e.dir === 'out' ? [e.socket, there] : [there, e.socket];
      const base = { key: `w${e.seq}`, seq: e.seq, frame: e.frame, y, from, to, socket: e.socket };
      if (e.kind === 'segment')
        out.push({
          ...base,
          kind: 'segment',
          label: `${e.flags.join(',')}${e.len ? ` ${e.len}` : ''}`,
          header: segmentHeader(e),
          pureAck: isPureAck(e),
          marks: segmentMarks(e),
        });
      else if (e.kind === 'datagram')
        out.push({
          ...base,
          kind: 'datagram',
          label: `UDP ${e.len}`,
          header: datagramHeader(e),
          pureAck: false,
          marks: [],
        });
      else
        out.push({
          ...base,
          kind: 'icmp',
          label: `ICMP ${e.name}`,
          header: `ICMP type ${e.type} code ${e.code} (${e.name}) ${e.about.proto.toUpperCase()} ${formatEndpoint(e.about.src)} → ${formatEndpoint(e.about.dst)}`,
          pureAck: false,
          marks: [],
        });
    });
  }
  return out.sort((a, b) => a.y - b.y);
}

/** Index of the last row at or before time t (-1 before the first). */
function rowBefore(rowTimes: readonly number[], t: number): number {
  let lo = 0;
  let hi = rowTimes.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((rowTimes[mid] ?? 0) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
