import type { EventsFrame } from '../../shared/protocol';
import type { Transport } from '../sessions/Outbox';

/**
 * The outbox's far end, in memory: keeps every frame it is given and lets the test decide when the browser
 * has read them (`bufferedAmount` is the test's to set; `drain()` empties it and fires every send callback).
 */
export class MemoryTransport implements Transport {
  bufferedAmount = 0;
  frames: EventsFrame[] = [];
  private callbacks: (() => void)[] = [];
  send(data: string, cb: () => void) {
    this.frames.push(JSON.parse(data) as EventsFrame);
    this.callbacks.push(cb);
  }
  /** The browser read everything: the buffer is empty and every send callback fires. */
  drain() {
    this.bufferedAmount = 0;
    const cbs = this.callbacks;
    this.callbacks = [];
    for (const cb of cbs) cb();
  }
}

/** One turn of the event loop: what the outbox waits before it flushes. */
export const nextTurn = () => new Promise((r) => setImmediate(r));
