/**
 * Which events the log shows. A session can hold 100,000 events, so the filter
 * is incremental: while the filter stays the same and events are only appended,
 * each update looks at the new events alone.
 */
import type { Event, EventKind, EventOf } from '../../../shared/protocol';
import { formatEndpoint } from '../../../shared/world';
import { lastAtOrBefore } from '../../store/navigation';

export interface LogFilter {
  /** Only events about this socket (null = every socket). */
  socket: string | null;
  /** Only this kind (null = every kind). */
  kind: EventKind | null;
  /** Case-insensitive words that must all appear in the event (ids, endpoints, bytes as text, error codes). */
  query: string;
  /** Only segments with this flag or mark (absent or null = every segment). */
  wire?: WireFilter | null;
}

/** What a segment row can be filtered by: a TCP flag, carrying data, or one of the capture's marks. */
export const WIRE_FILTERS = [
  'SYN',
  'FIN',
  'RST',
  'data',
  'retransmission',
  'zeroWindow',
  'probe',
  'windowUpdate',
  'dupAck',
] as const;
export type WireFilter = (typeof WIRE_FILTERS)[number];

/** Does a segment have this flag or mark? */
export function segmentIs(e: EventOf<'segment'>, f: WireFilter): boolean {
  switch (f) {
    case 'SYN':
    case 'FIN':
    case 'RST':
      return e.flags.includes(f);
    case 'data':
      return e.len > 0;
    default:
      return e[f] === true;
  }
}

export const NO_FILTER: LogFilter = { socket: null, kind: null, query: '' };

/** The socket an event is about, and for `accepted` the new socket too. */
export function eventSockets(e: Event): string[] {
  if (e.kind === 'accepted') return [e.socket, e.child];
  return 'socket' in e && e.socket ? [e.socket] : [];
}

const searchCache = new WeakMap<Event, string>();

/** Everything a person might search an event by, lower-cased (computed once per event). */
export function searchText(e: Event): string {
  let s = searchCache.get(e);
  if (s !== undefined) return s;
  const parts: string[] = [e.kind, `#${e.seq}`, ...eventSockets(e)];
  switch (e.kind) {
    case 'lookup':
      parts.push(e.host, ...e.addresses.map((a) => a.address));
      break;
    case 'service':
      parts.push(e.name, e.proto, String(e.port));
      break;
    case 'created':
      parts.push(e.proto, e.label ?? '');
      break;
    case 'bound':
    case 'listening':
      parts.push(formatEndpoint(e.local));
      break;
    case 'connecting':
      parts.push(formatEndpoint(e.remote));
      break;
    case 'connected':
    case 'accepted':
      parts.push(formatEndpoint(e.local), formatEndpoint(e.remote));
      break;
    case 'sent':
    case 'received':
      parts.push(e.data.text ?? '', `${e.bytes}`);
      break;
    case 'error':
      parts.push(e.code, e.syscall, e.message);
      break;
    case 'kernel':
      parts.push(e.state);
      break;
    case 'segment':
      // Flags and marks by name, so "syn", "fin", "retransmission" or "zeroWindow" find them.
      parts.push(`#${e.frame}`, ...e.flags, ...WIRE_FILTERS.filter((f) => f !== 'data' && segmentIs(e, f)));
      break;
    case 'datagram':
      parts.push(`#${e.frame}`, formatEndpoint(e.src), formatEndpoint(e.dst));
      break;
    case 'icmp':
      parts.push(`#${e.frame}`, e.name, formatEndpoint(e.about.src), formatEndpoint(e.about.dst));
      break;
    default:
      break;
  }
  s = parts.join(' ').toLowerCase();
  searchCache.set(e, s);
  return s;
}

/**
 * Builds the search text of events in the background, only in the browser's
 * idle time (never into a frame), so the first search over 100,000 events does
 * not freeze the page. Returns the function that stops it.
 */
export function warmSearchText(events: readonly Event[]): () => void {
  let i = 0;
  let stopped = false;
  type Deadline = { timeRemaining(): number };
  const idle: (cb: (d: Deadline) => void) => unknown =
    globalThis.requestIdleCallback ??
    ((cb: (d: Deadline) => void) => setTimeout(() => cb({ timeRemaining: () => 4 }), 50));
  const run = (deadline: Deadline) => {
    if (stopped) return;
    while (i < events.length && deadline.timeRemaining() > 1) {
      const end = Math.min(events.length, i + 250);
      for (; i < end; i++) searchText(events[i]!);
    }
    if (i < events.length) idle(run);
  };
  idle(run);
  return () => {
    stopped = true;
  };
}

/** Does the event pass the filter? `words` is the query, split and lower-cased once. */
export function matches(e: Event, f: LogFilter, words: readonly string[]): boolean {
  if (f.kind !== null && e.kind !== f.kind) return false;
  if (f.socket !== null && !eventSockets(e).includes(f.socket)) return false;
  if (f.wire && (e.kind !== 'segment' || !segmentIs(e, f.wire))) return false;
  if (!words.length) return true;
  const text = searchText(e);
  return words.every((w) => text.includes(w));
}

export function queryWords(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/** An incremental filter over one append-only event list. */
export function createLogIndex() {
  let source: readonly Event[] | null = null;
  let filter: LogFilter | null = null;
  let words: string[] = [];
  let scanned = 0;
  let firstSeq = 0;
  let rows: number[] = [];
  return {
    /**
     * The rows for these events and filter. Appends go into the same array (read its length); a new filter gives a
     * new array. With a budget, it stops after about that many milliseconds (`remaining` says how many events are
     * left to look at): a new filter over 1,000,000 events is then spread over frames instead of freezing one.
     */
    update(events: readonly Event[], f: LogFilter, budgetMs = Number.POSITIVE_INFINITY): number[] {
      const same =
        events === source &&
        filter !== null &&
        f.socket === filter.socket &&
        f.kind === filter.kind &&
        f.query === filter.query &&
        (f.wire ?? null) === (filter.wire ?? null) &&
        scanned <= events.length &&
        (events[0]?.seq ?? 0) === firstSeq;
      if (!same) {
        source = events;
        filter = f;
        words = queryWords(f.query);
        scanned = 0;
        firstSeq = events[0]?.seq ?? 0;
        rows = [];
      }
      const stopAt = budgetMs === Number.POSITIVE_INFINITY ? budgetMs : performance.now() + budgetMs;
      let i = scanned;
      while (i < events.length) {
        // The clock is read once per 1,024 events: reading it costs more than a match.
        const end = Math.min(events.length, i + 1024);
        for (; i < end; i++) if (matches(events[i]!, f, words)) rows.push(i);
        if (performance.now() > stopAt) break;
      }
      scanned = i;
      return rows;
    },
    /** Events of `events` the current filter has not looked at yet (0: the rows are complete). */
    remaining(events: readonly Event[]): number {
      return events === source ? events.length - scanned : events.length;
    },
  };
}

/** Position in `rows` of the last row at or before event index `index` (-1 when none). */
export function rowAtOrBefore(rows: readonly number[], index: number): number {
  return lastAtOrBefore(rows.length, (i) => rows[i]!, index);
}
