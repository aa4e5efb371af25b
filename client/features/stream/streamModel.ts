/**
 * "Follow the stream" as data (like Wireshark's Follow TCP Stream): both
 * directions of one TCP connection as a transcript of parts in the order they
 * happened, each part the bytes of one call (the sender's send(), or the
 * receiver's recv() when the sender is outside the session), with the calls and
 * the captured segments that carried those bytes. Pure; every view shows the
 * world at the timeline cursor, so only events up to `cursor` count.
 *
 * Bytes come from the events' previews (each cut at `previewBytes`): a byte
 * missing from one side's preview is taken from the other side's when it has
 * it; what neither kept is a counted gap, never invented.
 */
import type { Data, Event, EventOf } from '../../../shared/protocol';
import type { World } from '../../../shared/world';
import { dataBytes } from '../../lib/bytesView';

/** Bytes a transcript shows before "N bytes not shown" (raised by "show more"). */
export const STREAM_SHOWN_BYTES = 64 * 1024;
/** Parts a transcript shows at most (a flood of 1-byte sends stays a bounded page). */
export const STREAM_SHOWN_PARTS = 400;

/** Seen from the followed socket: `out` it speaks, `in` the other end does. */
export type StreamDir = 'out' | 'in';

export interface StreamCall {
  kind: 'sent' | 'received';
  seq: number;
  socket: string;
  /** Stream offsets [start, end) of the call's bytes. */
  start: number;
  end: number;
}

export interface StreamSegment {
  /** Frame number in the session's capture (the .pcap). */
  frame: number;
  /** Event seq. */
  seq: number;
  /** Relative TCP sequence numbers [tcpSeq, tcpSeq + len), as Wireshark shows them. */
  tcpSeq: number;
  len: number;
  retransmission: boolean;
}

export type StreamPiece = { bytes: Uint8Array; at: number } | { missing: number; at: number };

export interface StreamPart {
  key: string;
  /** seq and time of the call that makes this part. */
  seq: number;
  t: number;
  dir: StreamDir;
  /** Stream offsets [start, end) of this direction. */
  start: number;
  end: number;
  /** The bytes shown (up to the bound), in order: known runs and gaps nobody kept. */
  pieces: StreamPiece[];
  /** Bytes of this part past the bound (not shown). */
  cut: number;
  /** The send() and recv() calls whose bytes overlap this part. */
  calls: StreamCall[];
  /** The data segments whose payload overlaps this part. */
  segments: StreamSegment[];
}

export interface StreamModel {
  socket: string;
  /** The other end when it is a socket of this session. */
  peer: string | null;
  parts: StreamPart[];
  /** Bytes per direction up to the cursor. */
  totals: Record<StreamDir, number>;
  /** Bytes up to the cursor not shown (past the bound). */
  notShown: number;
  /** Bytes shown as gaps: no event kept them (preview limit, or the log's byte budget). */
  notKept: number;
}

type Source = { start: number; length: number; data: Data };

const decoded = new WeakMap<Data, Uint8Array>();
/** A preview's bytes, decoded once (a long session has thousands; only the shown ones are decoded). */
function bytesOf(data: Data): Uint8Array {
  const known = decoded.get(data);
  if (known) return known;
  const b = dataBytes(data);
  decoded.set(data, b);
  return b;
}
/** How many bytes a base64 string holds, without decoding it. */
const base64Length = (b64: string) =>
  Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);

/** The followed connection's other socket in this session, if any. */
export function peerOf(world: World, socket: string): string | null {
  for (const c of world.connections) {
    if (c.caller === socket) return c.callee;
    if (c.callee === socket) return c.caller;
  }
  return null;
}

interface Direction {
  /** Sender and receiver sockets of the session (null: outside). */
  from: string | null;
  to: string | null;
  sent: EventOf<'sent'>[];
  received: EventOf<'received'>[];
  segments: StreamSegment[];
}

export function buildStream(input: {
  events: readonly Event[];
  cursor: number;
  world: World;
  socket: string;
  maxBytes?: number;
  maxParts?: number;
}): StreamModel {
  const { events, cursor, world, socket } = input;
  const peer = peerOf(world, socket);
  const dirs: Record<StreamDir, Direction> = {
    out: { from: socket, to: peer, sent: [], received: [], segments: [] },
    in: { from: peer, to: socket, sent: [], received: [], segments: [] },
  };
  const dirOf = (e: { socket: string }, sending: boolean): StreamDir | null => {
    if (e.socket === socket) return sending ? 'out' : 'in';
    if (peer !== null && e.socket === peer) return sending ? 'in' : 'out';
    return null;
  };
  for (const e of events) {
    if (e.seq > cursor) break;
    if (e.kind === 'sent' || e.kind === 'received') {
      const d = dirOf(e, e.kind === 'sent');
      if (d && e.kind === 'sent') dirs[d].sent.push(e);
      else if (d && e.kind === 'received') dirs[d].received.push(e);
    } else if (e.kind === 'segment' && e.len > 0 && !e.flags.includes('SYN')) {
      const d = dirOf(e, e.dir === 'out');
      if (d)
        dirs[d].segments.push({
          frame: e.frame,
          seq: e.seq,
          tcpSeq: e.tcpSeq,
          len: e.len,
          retransmission: e.retransmission === true,
        });
    }
  }

  // Each direction's parts are its sender's send()s, or its receiver's recv()s when the sender is outside.
  const parts: Omit<StreamPart, 'pieces' | 'cut'>[] = [];
  const sources: Record<StreamDir, Source[]> = { out: [], in: [] };
  const totals: Record<StreamDir, number> = { out: 0, in: 0 };
  for (const dir of ['out', 'in'] as const) {
    const d = dirs[dir];
    const calls: StreamCall[] = [...d.sent, ...d.received].map((e) => ({
      kind: e.kind,
      seq: e.seq,
      socket: e.socket,
      start: e.offset,
      end: e.offset + e.bytes,
    }));
    for (const e of [...d.sent, ...d.received])
      sources[dir].push({ start: e.offset, length: base64Length(e.data.base64), data: e.data });
    const primary = d.from !== null && d.sent.length > 0 ? d.sent : d.received;
    const bySegStart = [...d.segments].sort((a, b) => a.tcpSeq - b.tcpSeq);
    for (const e of primary) {
      const start = e.offset;
      const end = e.offset + e.bytes;
      totals[dir] = Math.max(totals[dir], end);
      parts.push({
        key: `p${e.seq}`,
        seq: e.seq,
        t: e.t,
        dir,
        start,
        end,
        calls: calls.filter((c) => c.start < end && c.end > start && (c.end > c.start || c.seq === e.seq)),
        // The first data byte is relative sequence number 1 (the SYN took 0).
        segments: bySegStart.filter((s) => s.tcpSeq - 1 < end && s.tcpSeq - 1 + s.len > start),
      });
    }
  }
  parts.sort((a, b) => a.seq - b.seq);

  let budget = input.maxBytes ?? STREAM_SHOWN_BYTES;
  const maxParts = input.maxParts ?? STREAM_SHOWN_PARTS;
  let notShown = 0;
  let notKept = 0;
  const shown: StreamPart[] = [];
  for (const p of parts) {
    const length = p.end - p.start;
    const take = shown.length < maxParts ? Math.min(length, budget) : 0;
    if (take === 0 && length > 0) {
      notShown += length;
      continue;
    }
    budget -= take;
    const pieces = fill(sources[p.dir], p.start, p.start + take);
    for (const piece of pieces) if ('missing' in piece) notKept += piece.missing;
    notShown += length - take;
    shown.push({ ...p, pieces, cut: length - take });
  }
  return { socket, peer, parts: shown, totals, notShown, notKept };
}

/** The bytes [start, end) of one direction from whichever previews hold them; gaps where none does. */
function fill(sources: readonly Source[], start: number, end: number): StreamPiece[] {
  const pieces: StreamPiece[] = [];
  let at = start;
  while (at < end) {
    // The preview holding byte `at` that reaches furthest.
    let best: Source | undefined;
    for (const s of sources)
      if (s.start <= at && s.start + s.length > at && (!best || s.start + s.length > best.start + best.length))
        best = s;
    if (best) {
      const to = Math.min(end, best.start + best.length);
      pieces.push({ bytes: bytesOf(best.data).subarray(at - best.start, to - best.start), at });
      at = to;
      continue;
    }
    // No preview has it: a gap up to the next byte some preview holds.
    let next = end;
    for (const s of sources) if (s.start > at && s.start < next && s.length > 0) next = s.start;
    pieces.push({ missing: next - at, at });
    at = next;
  }
  return pieces;
}
