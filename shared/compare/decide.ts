/**
 * The link's decisions, with no sockets and no clock: the relay's shells (UDP
 * and TCP, in server/relay/) ask this model what to do with each datagram or
 * chunk and pass it the current time.
 *
 * Model: one queue in front of a wire of `bandwidthKbps`, then a propagation
 * delay of `delayMs ± jitterMs`. Every datagram or chunk draws exactly four
 * numbers from the seeded generator (loss, jitter, reorder, duplicate), used or
 * not, so decision k depends only on the seed and k: changing the duplication
 * rate does not change which datagrams are lost.
 */
import { createPrng, type Prng } from './prng';
import type { LinkParams } from './link';
import { COMPARE_LIMITS } from './limits';

export type DropReason = 'loss' | 'queue';

export type DatagramDecision =
  | { action: 'drop'; n: number; reason: DropReason }
  | {
      action: 'forward';
      n: number;
      /** Milliseconds from arrival at the relay to delivery (queue + transmission + propagation). */
      delayMs: number;
      /** Deliver a second copy right after the first. */
      duplicate: boolean;
      /** Hold it back until the next datagram has been delivered, so that one overtakes it. */
      reorder: boolean;
    };

export interface ChunkDecision {
  n: number;
  /** Milliseconds from arrival at the relay to delivery; never earlier than the chunk before (a stream keeps its order). */
  delayMs: number;
}

export class LinkModel {
  private readonly rand: Prng;
  private linkFreeAt = -Infinity;
  private lastDeliveryAt = -Infinity;
  private count = 0;

  constructor(
    readonly params: LinkParams,
    private readonly maxQueueMs: number = COMPARE_LIMITS.maxQueueMs,
  ) {
    this.rand = createPrng(params.seed);
  }

  /** What the link does to one UDP datagram of `bytes` arriving at time `now` (ms). */
  datagram(bytes: number, now: number): DatagramDecision {
    const n = ++this.count;
    const [uLoss, uJitter, uReorder, uDup] = this.draw();
    const start = Math.max(now, this.linkFreeAt);
    if (start - now > this.maxQueueMs) return { action: 'drop', n, reason: 'queue' };
    // A datagram lost on the wire still used the wire's time.
    this.linkFreeAt = start + this.transmitMs(bytes);
    if (uLoss < this.params.lossPct / 100) return { action: 'drop', n, reason: 'loss' };
    return {
      action: 'forward',
      n,
      delayMs: this.linkFreeAt - now + this.propagationMs(uJitter),
      duplicate: uDup < this.params.duplicatePct / 100,
      reorder: uReorder < this.params.reorderPct / 100,
    };
  }

  /** What the link does to one chunk of a TCP byte stream: only delay it, in order. */
  chunk(bytes: number, now: number): ChunkDecision {
    const n = ++this.count;
    const [, uJitter] = this.draw();
    this.linkFreeAt = Math.max(now, this.linkFreeAt) + this.transmitMs(bytes);
    const at = Math.max(this.linkFreeAt + this.propagationMs(uJitter), this.lastDeliveryAt);
    this.lastDeliveryAt = at;
    return { n, delayMs: at - now };
  }

  /** Milliseconds of bytes waiting for the wire at `now`: the TCP relay stops reading past a threshold. */
  backlogMs(now: number): number {
    return Math.max(0, this.linkFreeAt - now);
  }

  private transmitMs(bytes: number): number {
    // kbit/s is bits per millisecond.
    return this.params.bandwidthKbps > 0 ? (bytes * 8) / this.params.bandwidthKbps : 0;
  }

  private propagationMs(u: number): number {
    return Math.max(0, this.params.delayMs + (2 * u - 1) * this.params.jitterMs);
  }

  private draw(): [number, number, number, number] {
    return [this.rand(), this.rand(), this.rand(), this.rand()];
  }
}
