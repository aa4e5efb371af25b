import { randomBytes } from 'node:crypto';
import type { ErrorBody, EventInput, Op } from '../../shared/protocol';
import type { AlloPolicy } from '../policy';
import { CommandBucket, checkSocketCount } from '../policy/limits';
import { runOperation, type SessionCommand } from '../sockets/operations';
import { SocketRegistry } from '../sockets/SocketRegistry';
import type { Outcome, SocketEnv } from '../sockets/types';
import type { KernelSocket } from '../kernel';
import { KernelTracker } from './kernelWatch';
import { EventLog } from './EventLog';
import { Outbox, type Transport } from './Outbox';

/** Whoever currently holds the session (a WebSocket connection); kicked out by a resume. */
export interface SessionOwner extends Transport {
  evict(): void;
}

/**
 * One person's session: its sockets (one registry, one AbortController), its
 * numbered event log and the outbox that writes it to the current WebSocket.
 * Outlives a WebSocket for resumeGraceMs so a reload or a flaky network can
 * resume it with nothing lost.
 */
export class Session {
  readonly id = randomBytes(8).toString('hex');
  /** Proof of ownership for resume: 192 random bits, never derived from anything. */
  readonly token = randomBytes(24).toString('base64url');
  readonly registry = new SocketRegistry();
  readonly log: EventLog;
  readonly bucket: CommandBucket;
  private readonly outbox: Outbox;
  private readonly controller = new AbortController();
  private readonly t0 = performance.now();
  private readonly env: SocketEnv;
  private owner: SessionOwner | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  /** What the kernel's table says about this session's sockets, open or closed but still held. */
  private readonly kernel = new KernelTracker((e, at) => this.emit(e, at));

  constructor(
    readonly policy: AlloPolicy,
    private readonly onEnd: (session: Session) => void,
  ) {
    const { limits } = policy;
    this.log = new EventLog(limits.maxEventsPerSession);
    this.outbox = new Outbox(this.log, limits.maxBufferedBytes);
    this.bucket = new CommandBucket(limits);
    const registry = this.registry;
    this.env = {
      policy,
      emit: (e, at) => this.emit(e, at),
      nextId: () => registry.nextId(),
      roomForSocket: () => checkSocketCount(registry.openCount, limits),
      register: (s) => registry.add(s),
      closed: (id, linger) => {
        registry.markClosed(id);
        this.kernel.closed(id, linger);
      },
    };
    this.controller.signal.addEventListener('abort', () => registry.destroyAll(), { once: true });
  }

  get ended(): boolean {
    return this.controller.signal.aborted;
  }

  emit(input: EventInput, at = performance.now()): void {
    if (this.ended) return;
    // Monotonic clock, rounded to microseconds: enough for a timeline, compact on the wire.
    const t = Math.round((at - this.t0) * 1000) / 1000;
    this.log.append(input, t);
    this.outbox.schedule();
  }

  /** Reports what changed in the kernel's view of this session's sockets since the last sample (taken at `at`). */
  sampleKernel(table: readonly KernelSocket[], at = performance.now()): void {
    if (this.ended) return;
    this.kernel.sample(this.registry.sockets(), table, at);
  }

  /** Closed calls the kernel still holds (FIN_WAIT2, TIME_WAIT…) are still being followed. */
  get kernelFollowing(): boolean {
    return !this.ended && this.kernel.following;
  }

  /** The command's outcome; a thrown error is a bug of ours, answered INTERNAL. */
  async run(cmd: SessionCommand): Promise<Outcome<Op>> {
    const limited: ErrorBody | undefined = this.bucket.take();
    if (limited) return { ok: false, error: limited };
    try {
      return await runOperation(cmd, { registry: this.registry, env: this.env, signal: this.controller.signal });
    } catch (err) {
      return {
        ok: false,
        error: { code: 'INTERNAL', message: `Allô failed to do that (a bug): ${(err as Error).message}` },
      };
    }
  }

  get attached(): boolean {
    return this.owner !== undefined;
  }

  isOwnedBy(owner: SessionOwner): boolean {
    return this.owner === owner;
  }

  /** Hands the session to a connection; events after `lastSeq` follow. */
  attach(owner: SessionOwner, lastSeq: number): void {
    clearTimeout(this.graceTimer);
    const previous = this.owner;
    this.owner = owner;
    if (previous && previous !== owner) previous.evict();
    this.outbox.attach(owner, lastSeq);
  }

  /** Sends a reply or welcome to the current owner, after the events already produced. */
  send(frame: Parameters<Outbox['sendFrame']>[0]): void {
    this.outbox.sendFrame(frame);
  }

  /** The WebSocket is gone: keep everything for `graceMs`, then end. */
  detach(owner: SessionOwner, graceMs: number): void {
    if (this.owner !== owner || this.ended) return;
    this.owner = undefined;
    this.outbox.detach();
    this.graceTimer = setTimeout(() => this.end(), graceMs);
    this.graceTimer.unref();
  }

  /** Closes every socket of the session and forgets it. */
  end(): void {
    if (this.ended) return;
    clearTimeout(this.graceTimer);
    this.controller.abort();
    this.outbox.detach();
    this.owner = undefined;
    this.onEnd(this);
  }
}
