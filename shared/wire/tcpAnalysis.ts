import type { TcpHeader, TcpOptions } from './decode';

/**
 * Per-connection TCP sequence analysis, in the spirit of Wireshark's (its user
 * guide, "TCP Analysis"): relative sequence and acknowledgement numbers, the
 * scaled window, and marks for retransmission, zero window, window probe,
 * keep-alive, window update and duplicate ACK. Learned from the rules, not copied.
 *
 * Linux probes a zero window the way it sends a keep-alive: an empty segment
 * one byte behind what it sent (snd_una - 1), so a "keep-alive" while the
 * peer's window is zero is reported as a window probe.
 */

export interface SegmentAnalysis {
  /** Relative to this side's initial sequence number (the SYN is 0, the first byte 1). */
  seq: number;
  /** Relative to the other side's initial sequence number; 0 without ACK. */
  ack: number;
  len: number;
  /** The window in bytes: the raw field shifted by the sender's window scale once the handshake agreed one. */
  win: number;
  /** The handshake was not seen, so the window scale is unknown and `win` is the raw field. */
  winUnscaled?: boolean;
  options?: TcpOptions;
  retransmission?: boolean;
  zeroWindow?: boolean;
  probe?: boolean;
  keepAlive?: boolean;
  windowUpdate?: boolean;
  dupAck?: boolean;
}

interface Side {
  base?: number;
  next?: number;
  lastAck?: number;
  lastWin?: number;
  wscale?: number;
  sawSyn: boolean;
  zeroWin: boolean;
}

const u32 = (n: number) => n >>> 0;
/** a - b in sequence space (signed, modulo 2^32). */
const diff = (a: number, b: number) => (a - b) | 0;

/** One TCP connection seen from both sides; `fromA` says which side sent the segment. */
export class TcpConversation {
  private readonly sides: [Side, Side] = [
    { sawSyn: false, zeroWin: false },
    { sawSyn: false, zeroWin: false },
  ];

  analyze(fromA: boolean, h: TcpHeader): SegmentAnalysis {
    const fwd = this.sides[fromA ? 0 : 1];
    const rev = this.sides[fromA ? 1 : 0];
    const has = (f: string) => h.flags.includes(f as never);
    const syn = has('SYN');
    const fin = has('FIN');
    const rst = has('RST');
    const ackFlag = has('ACK');
    const len = h.payloadLength;
    const control = syn || fin || rst;

    if (syn) {
      if (!fwd.sawSyn || fwd.base === undefined) fwd.base = h.seq;
      fwd.sawSyn = true;
      fwd.wscale = h.options.wscale;
    }
    // Started mid-stream: take this segment's seq as the first byte (relative 1), as Wireshark does.
    if (fwd.base === undefined) fwd.base = u32(h.seq - 1);
    if (ackFlag && rev.base === undefined) rev.base = u32(h.ack - 1);

    const out: SegmentAnalysis = {
      seq: u32(h.seq - fwd.base),
      ack: ackFlag && rev.base !== undefined ? u32(h.ack - rev.base) : 0,
      len,
      win: h.window,
    };
    if (!syn) {
      if (fwd.sawSyn && rev.sawSyn) {
        // Scaling applies only when both SYNs offered it (RFC 7323 §2.2).
        const scale = fwd.wscale !== undefined && rev.wscale !== undefined ? fwd.wscale : 0;
        out.win = h.window * 2 ** scale;
      } else out.winUnscaled = true;
    }
    if (syn) {
      const o = h.options;
      if (o.mss !== undefined || o.wscale !== undefined || o.sackPermitted || o.timestamps) out.options = o;
    }

    const seglen = len + (syn ? 1 : 0) + (fin ? 1 : 0);
    const next = fwd.next;
    const behindByOne = next !== undefined && diff(h.seq, next) === -1;
    if (!control && rev.zeroWin && next !== undefined && ((len === 1 && h.seq === next) || (len <= 1 && behindByOne)))
      out.probe = true;
    else if (!control && len <= 1 && behindByOne) out.keepAlive = true;
    if (h.window === 0 && !control) out.zeroWindow = true;
    if (!out.probe && !out.keepAlive && seglen > 0 && next !== undefined && diff(h.seq, next) < 0)
      out.retransmission = true;
    if (len === 0 && !control && ackFlag && next !== undefined && h.seq === next && h.ack === fwd.lastAck) {
      if (fwd.lastWin !== undefined && h.window !== fwd.lastWin && h.window !== 0) out.windowUpdate = true;
      else if (
        h.window === fwd.lastWin &&
        h.window !== 0 &&
        rev.next !== undefined &&
        diff(rev.next, h.ack) > 0 &&
        !out.probe
      )
        out.dupAck = true;
    }

    // A probe's byte is not taken by a closed window: the next real segment starts at the same place.
    if (!out.probe) {
      const end = u32(h.seq + seglen);
      if (next === undefined || diff(end, next) > 0) fwd.next = end;
    }
    if (ackFlag) fwd.lastAck = h.ack;
    fwd.lastWin = h.window;
    if (!syn && !rst) fwd.zeroWin = h.window === 0;
    return out;
  }
}
