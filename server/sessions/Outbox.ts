import type { ServerFrame } from '../../shared/protocol';
import type { EventLog } from './EventLog';

/** The little a session needs of a WebSocket to write to it. */
export interface Transport {
  readonly bufferedAmount: number;
  send(data: string, cb: (err?: Error) => void): void;
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
 */
export class Outbox {
  private transport: Transport | undefined;
  private sentSeq = 0;
  private scheduled = false;

  constructor(
    private readonly log: EventLog,
    private readonly maxBufferedBytes: number,
  ) {}

  /** Starts (or resumes) writing events after `lastSeq`. */
  attach(transport: Transport, lastSeq: number): void {
    this.transport = transport;
    this.sentSeq = Math.min(lastSeq, this.log.lastSeq);
    this.schedule();
  }

  detach(): void {
    this.transport = undefined;
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
    this.flush();
    this.transport?.send(JSON.stringify(frame), () => this.schedule());
  }

  private flush(): void {
    const t = this.transport;
    if (!t) return;
    while (this.sentSeq < this.log.lastSeq && t.bufferedAmount <= this.maxBufferedBytes) {
      const events = this.log.after(this.sentSeq, MAX_EVENTS_PER_FRAME);
      if (events.length === 0) {
        // Everything after sentSeq was shed before it could be written.
        this.sentSeq = this.log.lastSeq;
        break;
      }
      // Serialised one by one so a frame stops near MAX_FRAME_CHARS (big previews
      // after a long gap): one huge JSON.stringify would stall every socket.
      const parts: string[] = [];
      let size = 0;
      for (const e of events) {
        const json = JSON.stringify(e);
        parts.push(json);
        size += json.length;
        this.sentSeq = e.seq;
        if (size >= MAX_FRAME_CHARS) break;
      }
      const shed = this.log.shed > 0 ? `,"shed":${this.log.shed}` : '';
      // When the browser has drained this frame, look again: that is how a
      // paused outbox resumes once bufferedAmount falls.
      t.send(`{"type":"events","events":[${parts.join(',')}]${shed}}`, () => this.schedule());
    }
  }
}
