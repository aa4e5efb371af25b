/**
 * What crossed a call's line on the wire, for the stage: the real handshake
 * and goodbye as single segments (SYN, SYN-ACK, ACK; FIN, ACK; RST), and
 * everything between them summarised as bursts ("12 segments, 48 KB") rather
 * than drawn one by one. Pure; only captured `segment` events up to the cursor.
 */
import type { Event, EventOf } from '../../../shared/protocol';
import { indexAtOrBefore } from '../../store/navigation';

export type LineItem =
  | { kind: 'control'; key: string; seq: number; label: string; from: string | null }
  | { kind: 'burst'; key: string; seq: number; count: number; bytes: number; atLeast: boolean };

/** Segments looked at, walking back from the cursor, per stage redraw (a long flood keeps the stage cheap). */
export const LINE_WINDOW = 4000;
/** Items shown per line. */
export const LINE_ITEMS = 4;

// Indices of segment events in the session's list, built incrementally (the list only grows).
let indexed: { events: readonly Event[]; first: number; scanned: number; at: number[] } | null = null;
function segmentIndex(events: readonly Event[]): number[] {
  const first = events[0]?.seq ?? 0;
  if (!indexed || indexed.events !== events || indexed.first !== first || indexed.scanned > events.length)
    indexed = { events, first, scanned: 0, at: [] };
  for (let i = indexed.scanned; i < events.length; i++) if (events[i]!.kind === 'segment') indexed.at.push(i);
  indexed.scanned = events.length;
  return indexed.at;
}

const isControl = (e: EventOf<'segment'>) => e.flags.some((f) => f === 'SYN' || f === 'FIN' || f === 'RST');
const isPureAck = (e: EventOf<'segment'>) => e.len === 0 && !isControl(e);

/**
 * The latest items of each line, keyed by the line's id. `lines` maps a line
 * id to the sockets of this session at its ends (one for a call to outside).
 */
export function lineWire(
  events: readonly Event[],
  cursor: number,
  lines: ReadonlyMap<string, readonly string[]>,
): Map<string, LineItem[]> {
  const out = new Map<string, LineItem[]>();
  if (!lines.size) return out;
  const lineOf = new Map<string, string>();
  for (const [id, sockets] of lines) for (const s of sockets) lineOf.set(s, id);
  const at = segmentIndex(events);
  const last = indexAtOrBefore(events, cursor);
  // The segments of each line, newest first, within the window.
  const picked = new Map<string, EventOf<'segment'>[]>();
  let walked = 0;
  let truncated = false;
  for (let j = at.length - 1; j >= 0; j--) {
    if (at[j]! > last) continue;
    if (++walked > LINE_WINDOW) {
      truncated = true;
      break;
    }
    const e = events[at[j]!] as EventOf<'segment'>;
    const line = lineOf.get(e.socket);
    if (line === undefined) continue;
    const list = picked.get(line) ?? [];
    list.push(e);
    picked.set(line, list);
  }
  for (const [line, newestFirst] of picked) {
    const items: LineItem[] = [];
    let prev: LineItem | undefined;
    for (let i = newestFirst.length - 1; i >= 0; i--) {
      const e = newestFirst[i]!;
      const from = e.dir === 'out' ? e.socket : null;
      // The ACK that completes a handshake or acknowledges a FIN is part of the ritual, not of a burst.
      const ritualAck = isPureAck(e) && prev?.kind === 'control' && prev.label !== 'ACK' && !prev.label.includes('RST');
      if (isControl(e) || ritualAck) {
        prev = { kind: 'control', key: `w${e.seq}`, seq: e.seq, label: e.flags.join(','), from };
        items.push(prev);
      } else if (prev?.kind === 'burst') {
        prev.count++;
        prev.bytes += e.len;
        prev.seq = e.seq;
      } else {
        const atLeast = truncated && i === newestFirst.length - 1;
        prev = { kind: 'burst', key: `b${e.seq}`, seq: e.seq, count: 1, bytes: e.len, atLeast };
        items.push(prev);
      }
    }
    out.set(line, items.slice(-LINE_ITEMS));
  }
  return out;
}
