import type net from 'node:net';
import type { ChunkDecision, LinkModel } from '../../shared/compare/decide';

/** Past this much data waiting in the link, the pipe stops reading: the sender's kernel then holds the rest. */
const MAX_QUEUED_BYTES = 64 * 1024;
const MAX_BACKLOG_MS = 250;

/**
 * One direction of a TCP relay: bytes read from `from` are written to `to`
 * after the delay the link model gives each chunk, strictly in order (a byte
 * stream cannot be reordered, and a user-space relay cannot lose what the
 * kernel has acknowledged). When the link is slower than the sender, the pipe
 * stops reading, so TCP's own flow control pushes back on the sender — as a
 * slow network would.
 */
export class DelayedPipe {
  private readonly queue: { at: number; buf: Buffer }[] = [];
  private queuedBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private ended = false;
  private waiters: (() => void)[] = [];
  bytesIn = 0;
  bytesOut = 0;

  constructor(
    private readonly from: net.Socket,
    private readonly to: net.Socket,
    private readonly model: LinkModel,
    private readonly onChunk?: (d: ChunkDecision, bytes: number) => void,
  ) {
    from.on('data', (buf) => this.onData(buf));
    from.on('end', () => {
      this.ended = true;
      this.flush();
    });
    to.on('drain', () => this.flowControl());
  }

  /** Bytes read but not yet written on. */
  pending(): number {
    return this.bytesIn - this.bytesOut;
  }

  whenIdle(): Promise<void> {
    if (this.pending() === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  stop(): void {
    clearTimeout(this.timer);
    this.queue.length = 0;
    for (const w of this.waiters.splice(0)) w();
  }

  private onData(buf: Buffer): void {
    this.bytesIn += buf.byteLength;
    const d = this.model.chunk(buf.byteLength, performance.now());
    this.onChunk?.(d, buf.byteLength);
    this.queue.push({ at: performance.now() + d.delayMs, buf });
    this.queuedBytes += buf.byteLength;
    this.flowControl();
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    const wait = Math.max(0, this.queue[0]!.at - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  /** Writes on every chunk whose time has come, in arrival order. */
  private flush(): void {
    const now = performance.now();
    while (this.queue.length > 0 && this.queue[0]!.at <= now + 0.5) {
      const { buf } = this.queue.shift()!;
      this.queuedBytes -= buf.byteLength;
      this.bytesOut += buf.byteLength;
      if (!this.to.destroyed) this.to.write(buf);
    }
    if (this.queue.length === 0) {
      if (this.ended && !this.to.destroyed) this.to.end();
      for (const w of this.waiters.splice(0)) w();
    }
    this.flowControl();
    this.schedule();
  }

  private flowControl(): void {
    const full =
      this.queuedBytes > MAX_QUEUED_BYTES ||
      this.model.backlogMs(performance.now()) > MAX_BACKLOG_MS ||
      this.to.writableNeedDrain;
    if (full && !this.from.isPaused()) this.from.pause();
    else if (!full && this.from.isPaused() && !this.from.destroyed) this.from.resume();
  }
}
