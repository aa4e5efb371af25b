import type { Event, EventInput } from '../../shared/protocol';
import { STRIPPED, dataBytes, estimateEventBytes } from './eventBytes';
import type { MemoryBudget } from '../policy/MemoryBudget';

export interface LogLimits {
  /** Events kept at most (maxEventsPerSession). */
  maxEvents: number;
  /** Estimated bytes kept at most (maxLogBytesPerSession); default: no byte bound. */
  maxBytes?: number;
  /** The server's shared budget (maxLogBytes); default: none. */
  server?: MemoryBudget;
}

/**
 * A session's events, numbered without gaps, bounded in count and in bytes.
 *
 * The log has two parts: events not yet written to the WebSocket (the live
 * view still needs them whole) and events already written, kept only for
 * replay and resume. When the byte budget is tight — this session over
 * maxLogBytesPerSession, or the server over maxLogBytes while this session
 * holds more than its share — the previews of the replay-only part go first
 * (`data` becomes `{base64: "", truncated: true}`; `bytes` and `offset` stay),
 * oldest first; if that is not enough, the oldest events are shed and counted,
 * exactly as past maxEventsPerSession, so a client can tell it missed some.
 */
export class EventLog {
  private events: Event[] = [];
  /** Estimated bytes of events[i], same indices. */
  private sizes: number[] = [];
  private head = 0;
  private seq = 0;
  private dropped = 0;
  private stripped = 0;
  private total = 0;
  /** Events with seq ≤ this have been written to a WebSocket. */
  private delivered = 0;
  /** Index of the oldest event whose preview may still be stripped. */
  private stripCursor = 0;
  private readonly limits: Required<Omit<LogLimits, 'server'>> & Pick<LogLimits, 'server'>;

  constructor(limits: number | LogLimits) {
    const l = typeof limits === 'number' ? { maxEvents: limits } : limits;
    this.limits = { maxBytes: Number.POSITIVE_INFINITY, ...l };
  }

  append(input: EventInput, t: number): Event {
    // The input is one event kind's fields without seq/t; adding them makes it that event.
    const event = { seq: ++this.seq, t, ...input } as Event;
    const size = estimateEventBytes(event);
    this.events.push(event);
    this.sizes.push(size);
    this.grow(size);
    if (this.events.length - this.head > this.limits.maxEvents) this.shedOldest();
    this.trim();
    // Compact now and then, not per event: an array shift per append would be O(n).
    if (this.head >= 1024 && this.head * 2 >= this.events.length) {
      this.events = this.events.slice(this.head);
      this.sizes = this.sizes.slice(this.head);
      this.stripCursor = Math.max(0, this.stripCursor - this.head);
      this.head = 0;
    }
    return event;
  }

  /** The outbox has written every event up to `seq` to the WebSocket: from now on they are kept only for replay. */
  markDelivered(seq: number): void {
    if (seq > this.delivered) this.delivered = Math.min(seq, this.seq);
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** Events shed so far (oldest first). */
  get shed(): number {
    return this.dropped;
  }

  /** Events whose preview was dropped to stay within the byte budget. */
  get strippedCount(): number {
    return this.stripped;
  }

  get size(): number {
    return this.events.length - this.head;
  }

  /** Estimated bytes of the events kept. */
  get bytes(): number {
    return this.total;
  }

  /** Up to `max` kept events with seq > `seq`, oldest first. */
  after(seq: number, max: number): Event[] {
    const first = this.events[this.head];
    if (!first) return [];
    const from = this.head + Math.max(0, seq + 1 - first.seq);
    return this.events.slice(from, Math.min(from + max, this.events.length));
  }

  /** Gives the bytes back to the server's budget (the session ended). */
  release(): void {
    this.grow(-this.total);
    this.events = [];
    this.sizes = [];
    this.head = 0;
    this.stripCursor = 0;
  }

  private grow(bytes: number): void {
    this.total += bytes;
    if (this.limits.server) this.limits.server.logBytes += bytes;
  }

  private tight(): boolean {
    if (this.total > this.limits.maxBytes) return true;
    const server = this.limits.server;
    return server !== undefined && server.logOver && this.total > server.logShare;
  }

  private shedOldest(): void {
    this.grow(-this.sizes[this.head]!);
    // Let go of the object now; compaction drops the slot later.
    this.events[this.head] = undefined as unknown as Event;
    this.head++;
    this.dropped++;
  }

  private trim(): void {
    if (!this.tight()) return;
    const first = this.events[this.head];
    if (!first) return;
    // Index just past the last delivered event: seqs are contiguous from `first`.
    const deliveredEnd = this.head + Math.max(0, this.delivered - first.seq + 1);
    this.stripCursor = Math.max(this.stripCursor, this.head);
    while (this.stripCursor < deliveredEnd && this.tight()) this.strip(this.stripCursor++);
    // Still over: shed the oldest, but always keep the newest event.
    while (this.tight() && this.events.length - this.head > 1) this.shedOldest();
  }

  private strip(i: number): void {
    const e = this.events[i]!;
    if ((e.kind !== 'sent' && e.kind !== 'received') || dataBytes(e.data) === 0) return;
    const saved = dataBytes(e.data);
    this.events[i] = { ...e, data: STRIPPED };
    this.sizes[i]! -= saved;
    this.grow(-saved);
    this.stripped++;
  }
}
