/**
 * The scoreboard of a compare run, computed from the session's events alone —
 * live, at any timeline cursor, or from a recording. Nothing here is estimated:
 * a message is delivered when a `received` event carried its bytes, lost when
 * the relay reported dropping it (or, once the run has ended, when it never
 * arrived).
 */
import type * as z from 'zod/mini';
import type { Event } from '../protocol';
import { type CompareScript, LINK_FIELDS, type LinkParams } from './link';
import type { CompareEndedEvent, CompareStartedEvent, Lane, LinkEvent, LinkPath, RetransmitEvent } from './wire';
import { decodeMessageNumber } from './message';
import { percentile } from './percentile';

type Started = z.infer<typeof CompareStartedEvent>;
type Ended = z.infer<typeof CompareEndedEvent>;
type Link = z.infer<typeof LinkEvent>;
type Retransmit = z.infer<typeof RetransmitEvent>;
/** Any event of a session, the compare kinds included. */
export type ScoreEvent = Event | Started | Ended | Link | Retransmit;

/** What became of one message, as far as the events up to now tell. */
export interface MessageFate {
  sentT?: number;
  deliveredT?: number;
  /** The relay dropped it (UDP), or the run ended without it arriving. */
  lost?: boolean;
  /** When the relay dropped it. */
  lostT?: number;
  /** It arrived after a message sent later. */
  late?: boolean;
  /** Extra copies received. */
  copies: number;
}

/**
 * kept: UDP, one recvfrom() per datagram, always; for TCP, which is a byte stream and keeps no boundaries,
 * matched: this time each recv() happened to return exactly one message (timing, not a promise);
 * merged: some recv() returned several messages; split: some message took several recv()s.
 */
export type Boundaries = 'none' | 'kept' | 'matched' | 'merged' | 'split';

export interface LaneScore {
  lane: Lane;
  sent: number;
  delivered: number;
  lost: number;
  inFlight: number;
  duplicated: number;
  outOfOrder: number;
  /** recv() calls that returned data (received events). */
  chunks: number;
  /** send() calls that the kernel took (sent events). */
  sends: number;
  /** kept: one recv per message; merged: some recv carried several messages; split: some message took several recvs. */
  boundaries: Boundaries;
  /** Milliseconds from `sent` to the `received` that completed the message. */
  latencyP50: number | null;
  latencyP95: number | null;
  latencyMax: number | null;
  /** Every delivered message's latency (ms), for the histogram. */
  latencies: number[];
  messages: MessageFate[];
}

/** What the kernel resent on the TCP lane, from `retransmit` events (all zero over the relays alone). */
export interface Retransmissions {
  segments: number;
  bytes: number;
  /** Packets of the TCP lane the kernel's link dropped (data and ACKs). */
  dropped: number;
  /** When the counter went up, and by how much: the lane's retransmission marks. */
  marks: { t: number; segments: number }[];
}

export interface CompareScore {
  run: string;
  script: CompareScript;
  link: LinkParams;
  started: Started;
  ended: Ended | null;
  tcp: LaneScore;
  udp: LaneScore;
  retransmissions: Retransmissions;
  /** The link the lanes crossed; recordings from before it existed used the relays alone. */
  path: LinkPath;
}

const RELAY_PATH: LinkPath = {
  mode: 'relay',
  kernel: [],
  relay: [...LINK_FIELDS],
};

/** The last `compare-started` event among the first `end` events (or the one of `run`), with its index. */
export function findRun(
  events: readonly ScoreEvent[],
  run?: string,
  end = events.length,
): { index: number; started: Started } | null {
  for (let i = Math.min(end, events.length) - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.kind === 'compare-started' && (run === undefined || e.run === run)) return { index: i, started: e };
  }
  return null;
}

/**
 * Scores the last run in `events` (or `run`) from its first `end` events — the
 * timeline cursor's view of it; null when there is none.
 */
export function scoreCompare(events: readonly ScoreEvent[], run?: string, end = events.length): CompareScore | null {
  end = Math.min(end, events.length);
  const found = findRun(events, run, end);
  if (!found) return null;
  const { started, index } = found;
  const tcp = new TcpTally(started, acceptedChild(events, index, started.tcp.listener));
  const udp = new UdpTally(started);
  let ended: Ended | null = null;
  const retransmissions: Retransmissions = { segments: 0, bytes: 0, dropped: 0, marks: [] };
  for (let i = index + 1; i < end; i++) {
    const e = events[i]!;
    if (e.kind === 'compare-ended' && e.run === started.run) ended = e;
    else if (e.kind === 'retransmit' && e.run === started.run) {
      if (e.segments > retransmissions.segments)
        retransmissions.marks.push({ t: e.t, segments: e.segments - retransmissions.segments });
      retransmissions.segments = Math.max(retransmissions.segments, e.segments);
      retransmissions.bytes = Math.max(retransmissions.bytes, e.bytes);
      retransmissions.dropped = Math.max(retransmissions.dropped, e.dropped ?? 0);
    } else if (e.kind === 'compare-started')
      break; // a later run owns what follows
    else if (e.kind === 'link' && e.run === started.run && e.lane === 'udp') udp.link(e);
    else {
      tcp.event(e);
      udp.event(e);
    }
  }
  // Only a run that finished on its own says what never came is lost; a stopped one cut it off on the way.
  const over = ended?.reason === 'done';
  return {
    run: started.run,
    script: started.script,
    link: started.link,
    started,
    ended,
    tcp: tcp.score(),
    udp: udp.score(over),
    retransmissions,
    path: started.path ?? RELAY_PATH,
  };
}

/**
 * Both lanes' latencies on one axis: `bins` equal bins from 0 to the larger
 * maximum, so a class compares the two shapes directly.
 */
export function latencyHistogram(
  score: Pick<CompareScore, 'tcp' | 'udp'>,
  bins = 8,
): { edges: number[]; tcp: number[]; udp: number[] } | null {
  const max = Math.max(score.tcp.latencyMax ?? 0, score.udp.latencyMax ?? 0);
  if (score.tcp.latencies.length + score.udp.latencies.length === 0) return null;
  const width = max > 0 ? max / bins : 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => i * width);
  const count = (values: readonly number[]) => {
    const counts = new Array<number>(bins).fill(0);
    for (const v of values) counts[Math.min(bins - 1, Math.floor(v / width))]!++;
    return counts;
  };
  return { edges, tcp: count(score.tcp.latencies), udp: count(score.udp.latencies) };
}

/** The call the run's listener accepted: set up just before `compare-started`, so searched backwards from it. */
function acceptedChild(events: readonly ScoreEvent[], index: number, listener: string): string | undefined {
  for (let i = index - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.kind === 'accepted' && e.socket === listener) return e.child;
    if (e.kind === 'created' && e.socket === listener) return undefined;
  }
  return undefined;
}

function emptyFates(count: number): MessageFate[] {
  return Array.from({ length: count }, () => ({ copies: 0 }));
}

function laneScore(
  lane: Lane,
  fates: MessageFate[],
  counts: { chunks: number; sends: number },
  boundaries: Boundaries,
  over: boolean,
): LaneScore {
  let sent = 0,
    delivered = 0,
    lost = 0,
    duplicated = 0,
    outOfOrder = 0;
  const latencies: number[] = [];
  for (const m of fates) {
    if (m.sentT === undefined) continue;
    sent++;
    if (m.deliveredT !== undefined) {
      delivered++;
      latencies.push(m.deliveredT - m.sentT);
    } else if (over) m.lost = true;
    if (m.lost && m.deliveredT === undefined) lost++;
    duplicated += m.copies;
    if (m.late) outOfOrder++;
  }
  return {
    lane,
    sent,
    delivered,
    lost,
    inFlight: sent - delivered - lost,
    duplicated,
    outOfOrder,
    ...counts,
    boundaries,
    latencyP50: percentile(latencies, 50),
    latencyP95: percentile(latencies, 95),
    latencyMax: percentile(latencies, 100),
    latencies,
    messages: fates,
  };
}

/** TCP: message n is bytes [n·size, (n+1)·size) of the stream; stream offsets say which bytes each event carried. */
class TcpTally {
  private readonly fates: MessageFate[];
  private chunks = 0;
  private sends = 0;
  private merged = false;
  private split = false;
  constructor(
    private readonly s: Started,
    private receiver: string | undefined,
  ) {
    this.fates = emptyFates(s.script.count);
  }
  event(e: ScoreEvent): void {
    const size = this.s.script.size;
    if (e.kind === 'accepted' && e.socket === this.s.tcp.listener) this.receiver ??= e.child;
    else if (e.kind === 'sent' && e.socket === this.s.tcp.sender) {
      this.sends++;
      this.mark(e.offset, e.bytes, (m) => (m.sentT ??= e.t));
    } else if (e.kind === 'received' && e.socket === this.receiver && e.bytes > 0) {
      this.chunks++;
      if (e.offset % size !== 0 || e.bytes % size !== 0) this.split = true;
      if (e.bytes > size) this.merged = true;
      this.mark(e.offset, e.bytes, (m) => (m.deliveredT ??= e.t));
    }
  }
  /** Applies `f` to every message whose last byte lies in [offset, offset + bytes). */
  private mark(offset: number, bytes: number, f: (m: MessageFate) => void): void {
    const size = this.s.script.size;
    const first = Math.ceil((offset + 1) / size) - 1;
    const last = Math.floor((offset + bytes) / size) - 1;
    for (let n = Math.max(first, 0); n <= last && n < this.fates.length; n++) f(this.fates[n]!);
  }
  score(): LaneScore {
    // TCP never *keeps* boundaries: when every recv() returned one message, that was timing.
    const b: Boundaries = this.chunks === 0 ? 'none' : this.merged ? 'merged' : this.split ? 'split' : 'matched';
    // TCP loses no byte: what had not arrived when a run ended (its time limit reached while the kernel was still
    // resending) was on its way, never lost. Only UDP's lane calls the missing ones lost.
    return laneScore('tcp', this.fates, { chunks: this.chunks, sends: this.sends }, b, false);
  }
}

/** UDP: every datagram carries its message number in its first bytes. */
class UdpTally {
  private readonly fates: MessageFate[];
  private chunks = 0;
  private sends = 0;
  private highest = -1;
  constructor(private readonly s: Started) {
    this.fates = emptyFates(s.script.count);
  }
  private fate(text: string | undefined): MessageFate | undefined {
    const n = decodeMessageNumber(text);
    return n === undefined ? undefined : this.fates[n];
  }
  link(e: Link): void {
    if (e.action !== 'drop' || e.msg === undefined) return;
    const m = this.fates[e.msg];
    if (m) {
      m.lost = true;
      m.lostT = e.t;
    }
  }
  event(e: ScoreEvent): void {
    if (e.kind === 'sent' && e.socket === this.s.udp.sender) {
      this.sends++;
      const m = this.fate(e.data.text);
      if (m) m.sentT ??= e.t;
    } else if (e.kind === 'received' && e.socket === this.s.udp.receiver) {
      this.chunks++;
      const n = decodeMessageNumber(e.data.text);
      const m = n === undefined ? undefined : this.fates[n];
      if (!m || n === undefined) return;
      if (m.deliveredT !== undefined) {
        m.copies++;
        return;
      }
      m.deliveredT = e.t;
      if (n < this.highest) m.late = true;
      this.highest = Math.max(this.highest, n);
    }
  }
  score(over: boolean): LaneScore {
    // Each datagram is one recvfrom(): UDP always keeps message boundaries.
    const counts = { chunks: this.chunks, sends: this.sends };
    return laneScore('udp', this.fates, counts, this.chunks === 0 ? 'none' : 'kept', over);
  }
}
