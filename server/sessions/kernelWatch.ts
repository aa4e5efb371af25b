import type { EventInput } from '../../shared/protocol';
import { findKernelSocket, type KernelSocket, readKernelSocketsSync } from '../kernel';
import type { KernelKey, ManagedSocket } from '../sockets/types';
import type { Session } from './Session';

/** At most this many closed calls followed per session while the kernel keeps them (TIME_WAIT lasts 60 s). */
export const MAX_LINGERING_PER_SESSION = 64;

/** States whose timer is the countdown a student waits for: until the 4-tuple leaves the table. */
const COUNTDOWN = new Set(['TIME_WAIT', 'FIN_WAIT2']);

/**
 * What the kernel's table says about one session's sockets, as `kernel`
 * events on change: the open sockets, and the calls the program closed but
 * the kernel still holds (FIN_WAIT1/2, CLOSING, LAST_ACK, TIME_WAIT) until
 * they leave the table, when a last event says `CLOSED`. Every event carries
 * the time of the sample it comes from.
 */
export class KernelTracker {
  /** Last view reported per socket, so events come only on change. */
  private readonly seen = new Map<string, string>();
  private readonly lingering = new Map<string, KernelKey>();

  constructor(private readonly emit: (e: EventInput, at: number) => void) {}

  /** True while some closed call is still followed in the kernel's table. */
  get following(): boolean {
    return this.lingering.size > 0;
  }

  /** A socket closed: forget its view; follow a TCP call's 4-tuple while the kernel keeps it. */
  closed(id: string, linger: KernelKey | undefined): void {
    this.seen.delete(id);
    if (linger?.proto === 'tcp' && linger.remote && this.lingering.size < MAX_LINGERING_PER_SESSION)
      this.lingering.set(id, linger);
  }

  sample(open: Iterable<ManagedSocket>, table: readonly KernelSocket[], at: number): void {
    for (const s of open) {
      const key = s.kernelKey();
      const entry = key && findKernelSocket(table, key.local, key.remote, key.proto);
      if (entry) this.report(s.id, entry, false, at);
    }
    for (const [id, key] of this.lingering) {
      const entry = findKernelSocket(table, key.local, key.remote, 'tcp');
      if (entry) {
        this.report(id, entry, true, at);
        continue;
      }
      // Gone from the table: the number is really free now.
      this.lingering.delete(id);
      this.seen.delete(id);
      this.emit({ kind: 'kernel', socket: id, state: 'CLOSED', txQueue: 0, rxQueue: 0, afterClose: true }, at);
    }
  }

  private report(id: string, entry: KernelSocket, afterClose: boolean, at: number): void {
    const countdown = afterClose && COUNTDOWN.has(entry.state) && entry.timerMs !== undefined;
    // A countdown reports each whole second it passes, each one a real sample of the kernel's timer.
    const view = `${entry.state} ${entry.txQueue} ${entry.rxQueue} ${afterClose}${countdown ? ` ${Math.ceil(entry.timerMs! / 1000)}` : ''}`;
    if (this.seen.get(id) === view) return;
    this.seen.set(id, view);
    this.emit(
      {
        kind: 'kernel',
        socket: id,
        state: entry.state,
        txQueue: entry.txQueue,
        rxQueue: entry.rxQueue,
        ...(countdown ? { timerMs: Math.round(entry.timerMs!) } : {}),
        ...(afterClose ? { afterClose: true } : {}),
      },
      at,
    );
  }
}

/**
 * One reader of the kernel's socket table for the whole server: every
 * `intervalMs` (only while some session has sockets, or closed calls the kernel
 * still holds) it reads /proc/net once and lets each session report what
 * changed (`kernel` events). The read is synchronous so the events it makes
 * carry the time of the sample and stay in order with every other event.
 * Polling shows the states that last — LISTEN, ESTABLISHED, FIN_WAIT2,
 * CLOSE_WAIT, TIME_WAIT, a growing rxQueue while a reader is paused — not a
 * SYN_SENT that lasts microseconds on loopback.
 */
export function startKernelWatch(sessions: () => Iterable<Session>, intervalMs: number): () => void {
  const timer = setInterval(() => {
    const live = [...sessions()].filter((s) => s.registry.openCount > 0 || s.kernelFollowing);
    if (live.length === 0) return;
    try {
      const { sockets, at } = readKernelSocketsSync();
      for (const s of live) s.sampleKernel(sockets, at);
    } catch {
      // An unreadable table is the same as no kernel capability: nothing to report.
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
