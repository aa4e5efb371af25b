import type { ServerFrame } from '../../shared/protocol';
import type { EventLog } from './EventLog';
import { estimateEventBytes } from './eventBytes';
import type { BudgetedOutbox, MemoryBudget } from '../policy/MemoryBudget';

/** The little a session needs of a WebSocket to write to it. */
export interface Transport {
  readonly bufferedAmount: number;
  send(data: string, cb: (err?: Error) => void): void;
  /**
   * Holds writes back until `uncork` (net.Socket's cork), so the frames sent
   * in between leave in one write: a reply and the events before it cost one
   * system call, not two.
   */
  cork?(): void;
  uncork?(): void;
}

/** Events per `events` frame at most, so a resume after a long gap is sent in slices. */
const MAX_EVENTS_PER_FRAME = 1000;
/** And about this many characters of JSON per frame. */
const MAX_FRAME_CHARS = 256 * 1024;

/**
 * Writes a session's events to its WebSocket: everything produced in the same
 * turn of the event loop goes out as one `events` frame (setImmediate), and
 * nothing is written while the socket holds more than maxBufferedBytes. The
 * events wait in the log meanwhile, so a slow browser never blocks the sockets
 * and loses nothing (unless the log itself sheds, which the frame counts).
 * With a server budget (maxOutboxBytes), nothing is written either while every
 * session's WebSocket buffers together hold more; the first one to drain wakes
 * the others. An event is marked delivered (replay-only, see EventLog) once ws
 * has written its frame.
 */
export class Outbox implements BudgetedOutbox {
  private transport: Transport | undefined;
  private sentSeq = 0;
  private scheduled = false;

  constructor(
    private readonly log: EventLog,
    private readonly maxBufferedBytes: number,
    private readonly budget?: MemoryBudget,
  ) {}

  /** Bytes queued in the current WebSocket (for the server's outbox total). */
  get buffered(): number {
    return this.transport?.bufferedAmount ?? 0;
  }

  /** Starts (or resumes) writing events after `lastSeq`. */
  attach(transport: Transport, lastSeq: number): void {
    this.transport = transport;
    this.sentSeq = Math.min(lastSeq, this.log.lastSeq);
    this.budget?.addOutbox(this);
    this.schedule();
  }

  detach(): void {
    this.transport = undefined;
    this.budget?.removeOutbox(this);
  }

  schedule(): void {
    if (this.scheduled || !this.transport) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Sends a reply or welcome after the events already produced, so causes come before answers. */
  sendFrame(frame: ServerFrame): void {
    const t = this.transport;
    t?.cork?.();
    this.flush();
    t?.send(JSON.stringify(frame), () => this.drained());
    t?.uncork?.();
  }

  /** A frame has been written: look again, and let outboxes held back by the server total look too. */
  private drained(): void {
    this.schedule();
    this.budget?.wake();
  }

  /** Writes what the log holds now (before the WebSocket is closed on purpose: the last words go out first). */
  flush(): void {
    const t = this.transport;
    if (!t || this.sentSeq >= this.log.lastSeq) return;
    t.cork?.();
    try {
      this.write(t);
    } finally {
      t.uncork?.();
    }
  }

  private write(t: Transport): void {
    while (
      this.sentSeq < this.log.lastSeq &&
      t.bufferedAmount <= this.maxBufferedBytes &&
      (this.budget?.mayWrite(this) ?? true)
    ) {
      const events = this.log.after(this.sentSeq, MAX_EVENTS_PER_FRAME);
      if (events.length === 0) {
        // Everything after sentSeq was shed before it could be written.
        this.sentSeq = this.log.lastSeq;
        break;
      }
      // Cut near MAX_FRAME_CHARS by the events' estimated sizes (O(1) each, a little
      // above their JSON), so big previews after a long gap do not make one huge
      // frame that would stall every socket; then serialised in one call.
      let n = 0;
      for (let size = 0; n < events.length && size < MAX_FRAME_CHARS; n++) size += estimateEventBytes(events[n]!);
      const batch = n < events.length ? events.slice(0, n) : events;
      this.sentSeq = batch[batch.length - 1]!.seq;
      const shed = this.log.shed;
      // When the browser has drained this frame, look again: that is how a
      // paused outbox resumes once bufferedAmount falls.
      const last = this.sentSeq;
      const frame: ServerFrame = shed > 0 ? { type: 'events', events: batch, shed } : { type: 'events', events: batch };
      const text = JSON.stringify(frame);
      this.budget?.wrote(text.length);
      t.send(text, (err) => {
        if (!err) this.log.markDelivered(last);
        this.drained();
      });
    }
  }
}
