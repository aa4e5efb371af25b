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
  /** Only these sockets' lifelines and events (a conversation filter); every socket when absent. */
  only?: ReadonlySet<string>;
  /** Counts the drawn rows before an event (see createRowCounter); gives the model its `firstRow`. */
  rows?: RowCounter;
}

/** Does this event get a row of its own (with the filter, if any)? */
const drawnRow = (e: Event, only: ReadonlySet<string> | undefined) =>
  DRAWN.has(e.kind) && (!only || ('socket' in e && e.socket !== undefined && only.has(e.socket)));

/**
 * Number of drawn rows before `events[index]`, for one append-only event list
 * and one filter: counted once and extended as events arrive, so that a row
 * keeps the same absolute number however the window slides (the picture can
 * then stay still while the cursor moves, and only what changed is redrawn).
 */
export type RowCounter = (events: readonly Event[], index: number, only: ReadonlySet<string> | undefined) => number;

export function createRowCounter(): RowCounter {
  let source: readonly Event[] | null = null;
  let firstSeq: number | undefined;
  let filter: ReadonlySet<string> | undefined;
  let counts: number[] = [0]; // counts[i] = drawn rows among events[0, i)
  return (events, index, only) => {
    if (events !== source || events[0]?.seq !== firstSeq || only !== filter || events.length < counts.length - 1) {
      source = events;
      firstSeq = events[0]?.seq;
      filter = only;
      counts = [0];
    }
    for (let i = counts.length - 1; i < index; i++) counts.push(counts[i]! + (drawnRow(events[i]!, only) ? 1 : 0));
    return counts[index]!;
  };
}

export function buildSequence({
  events,
  cursor,
  world,
  sockets,
  maxRows = MAX_ROWS,
  only,
  rows: counter,
}: BuildInput): SequenceModel {
  const end = countUpTo(events, cursor);
  let start = end;
  for (let rows = 0; start > 0 && rows < maxRows; ) if (drawnRow(events[--start]!, only)) rows++;
  const windowed = events.slice(start, Math.min(events.length, end + LOOKAHEAD));
  const pairing = pairData(windowed, sockets);

  const rowOf = new Map<number, number>();
  const rowSeqs: number[] = [];
  for (let i = start; i < end; i++) {
    const e = events[i]!;
    if (!drawnRow(e, only)) continue;
    rowOf.set(e.seq, rowSeqs.length);
    rowSeqs.push(e.seq);
  }

  const lifelines = new Map<string, Lifeline>();
  for (const id of lifelineOrder(world)) {
    if (only && !only.has(id)) continue;
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
    firstRow: counter ? counter(events, start, only) : 0,
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
