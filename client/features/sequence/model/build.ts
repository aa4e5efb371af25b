/**
 * The sequence diagram as data: lifelines, arrows and marks for the events up
 * to the cursor (the last MAX_ROWS of them), computed from the events alone so
 * that stepping the timeline back redraws the earlier picture. Pure: tested in Node.
 */
import type { Event } from '../../../../shared/protocol';
import { pairData, type SocketEnds } from '../../../../shared/pairing';
import { countUpTo, formatEndpoint, normalAddress, type World } from '../../../../shared/world';
import type { Endpoint } from '../../../../shared/protocol';
import type { Arrow, Lifeline, Mark, SequenceModel } from './types';
import { drawEvent } from './draw';
import type { Drawing } from './drawing';

export const MAX_ROWS = 160;
/** Events after the cursor looked at to tell "in flight" (received later) from "nowhere". */
export const LOOKAHEAD = 400;

const DRAWN = new Set<Event['kind']>([
  'created',
  'bound',
  'listening',
  'connecting',
  'connected',
  'accepted',
  'sent',
  'received',
  'paused',
  'resumed',
  'ended',
  'peer-ended',
  'reset',
  'closed',
  'error',
]);

export interface BuildInput {
  events: readonly Event[];
  cursor: number;
  /** The world at the cursor (shared/world): which sockets exist, their labels and endpoints. */
  world: World;
  /** Every socket's endpoints over the whole session (shared/pairing socketEnds). */
  sockets: Map<string, SocketEnds>;
  maxRows?: number;
}

export function buildSequence({ events, cursor, world, sockets, maxRows = MAX_ROWS }: BuildInput): SequenceModel {
  const end = countUpTo(events, cursor);
  let start = end;
  for (let rows = 0; start > 0 && rows < maxRows; ) if (DRAWN.has(events[--start]!.kind)) rows++;
  const windowed = events.slice(start, Math.min(events.length, end + LOOKAHEAD));
  const pairing = pairData(windowed, sockets);

  const rowOf = new Map<number, number>();
  const rowSeqs: number[] = [];
  for (let i = start; i < end; i++) {
    const e = events[i]!;
    if (!DRAWN.has(e.kind)) continue;
    rowOf.set(e.seq, rowSeqs.length);
    rowSeqs.push(e.seq);
  }

  const lifelines = new Map<string, Lifeline>();
  for (const id of lifelineOrder(world)) {
    const s = world.sockets[id]!;
    const y1 = rowOf.get(s.createdSeq) ?? -0.5;
    const closedRow = s.open ? null : (rowOf.get(s.lastSeq) ?? null);
    // A socket closed before the window has nothing to draw.
    if (!s.open && closedRow === null && s.lastSeq < (rowSeqs[0] ?? Infinity)) continue;
    const endpoint = s.local ? formatEndpoint(s.local) : s.remote ? `→ ${formatEndpoint(s.remote)}` : '';
    lifelines.set(id, {
      id,
      title: s.label ? `${id} · ${s.label}` : id,
      endpoint,
      proto: s.proto,
      external: false,
      y1,
      y2: closedRow,
    });
  }

  const d: Drawing = {
    events: windowed,
    cursor,
    cursorRow: rowSeqs.length - 1,
    rowOf,
    pairing,
    world,
    arrows: [] as Arrow[],
    marks: [] as Mark[],
    lifelines,
    outside(endpoint: Endpoint | undefined) {
      const key = endpoint ? `out:${normalAddress(endpoint.address)}:${endpoint.port}` : 'out:?';
      if (!lifelines.has(key))
        lifelines.set(key, {
          id: key,
          title: '',
          endpoint: endpoint ? formatEndpoint(endpoint) : '?',
          proto: null,
          external: true,
          y1: -0.5,
          y2: null,
        });
      return key;
    },
    pending: { connecting: new Map() },
  };
  for (let i = start; i < end; i++) drawEvent(d, events[i]!);

  return {
    lifelines: [...lifelines.values()],
    arrows: d.arrows.filter((a) => lifelines.has(a.from) && lifelines.has(a.to)),
    marks: d.marks.filter((m) => lifelines.has(m.lifeline)),
    rowSeqs,
    hiddenBefore: start,
  };
}

/** Sockets in creation order, each accepted call right after the listener that handed it over. */
function lifelineOrder(world: World): string[] {
  const out: string[] = [];
  const placed = new Set<string>();
  const place = (id: string) => {
    if (placed.has(id)) return;
    placed.add(id);
    out.push(id);
    for (const child of world.sockets[id]?.children ?? []) place(child);
  };
  for (const id of world.order) {
    const parent = world.sockets[id]?.parent;
    if (parent && world.sockets[parent] && !placed.has(parent)) continue; // placed with its parent
    place(id);
  }
  for (const id of world.order) place(id);
  return out;
}
