import type { Event, EventInput } from '../../shared/protocol';

/**
 * A session's events, numbered without gaps. Bounded by maxEventsPerSession:
 * past it the oldest are shed and counted, so a client can tell it missed some.
 */
export class EventLog {
  private events: Event[] = [];
  private head = 0;
  private seq = 0;
  private dropped = 0;

  constructor(private readonly max: number) {}

  append(input: EventInput, t: number): Event {
    // The input is one event kind's fields without seq/t; adding them makes it that event.
    const event = { seq: ++this.seq, t, ...input } as Event;
    this.events.push(event);
    if (this.events.length - this.head > this.max) {
      this.head++;
      this.dropped++;
      // Compact now and then, not per event: an array shift per append would be O(n).
      if (this.head >= 1024 && this.head * 2 >= this.events.length) {
        this.events = this.events.slice(this.head);
        this.head = 0;
      }
    }
    return event;
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** Events shed so far (oldest first). */
  get shed(): number {
    return this.dropped;
  }

  get size(): number {
    return this.events.length - this.head;
  }

  /** Up to `max` kept events with seq > `seq`, oldest first. */
  after(seq: number, max: number): Event[] {
    const first = this.events[this.head];
    if (!first) return [];
    const from = this.head + Math.max(0, seq + 1 - first.seq);
    return this.events.slice(from, Math.min(from + max, this.events.length));
  }
}
