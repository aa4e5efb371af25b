import type { Proto } from '../../../../shared/protocol';

/** Kinds of arrow. The handshake ones are drawn from what the kernel reported for connect()/accept(), not captured packets. */
export type ArrowKind = 'syn' | 'syn-ack' | 'ack' | 'rst-refused' | 'data' | 'fin' | 'rst' | 'datagram' | 'accept';

/**
 * Where an arrow's bytes are at the cursor: `arrived`; `in-flight` (sent, not
 * yet received at this point of the timeline); `nowhere` (a UDP datagram that
 * no socket received, or a TCP chunk still in flight when the session ended).
 */
export type Fate = 'arrived' | 'in-flight' | 'nowhere';

export interface Arrow {
  key: string;
  kind: ArrowKind;
  /** Lifeline ids. */
  from: string;
  to: string;
  /** Rows (fractional: the handshake's middle steps fall between events). */
  y1: number;
  y2: number;
  fate: Fate;
  /** Short text drawn on the arrow (bytes, flag names). */
  label: string;
  sentSeq?: number;
  receivedSeq?: number;
  /** Stream offsets [start, end) of the bytes this arrow carries. */
  range?: [number, number];
  /** Why it ends where it does (an errno, "no receiver"). */
  note?: string;
}

export type MarkKind = 'listen' | 'connect-udp' | 'error' | 'close' | 'pause' | 'resume' | 'bind' | 'merge' | 'split';

/** Something that happened on one lifeline only. */
export interface Mark {
  key: string;
  lifeline: string;
  y: number;
  kind: MarkKind;
  label: string;
  seq: number;
}

export interface Lifeline {
  id: string;
  /** Socket id and label, or "outside" for a peer not in this session. */
  title: string;
  /** The endpoint, address:port. */
  endpoint: string;
  proto: Proto | null;
  external: boolean;
  /** Row where it starts (created) and ends (closed), if it did by the cursor. */
  y1: number;
  y2: number | null;
}

export interface SequenceModel {
  lifelines: Lifeline[];
  arrows: Arrow[];
  marks: Mark[];
  /** seq of the event on each row. */
  rowSeqs: number[];
  /** Events before the first drawn row (not drawn: the window keeps the picture readable). */
  hiddenBefore: number;
  /**
   * Absolute number of the first drawn row in the whole session (0 without a row
   * counter): rows keep their place on screen while the window slides.
   */
  firstRow: number;
}
