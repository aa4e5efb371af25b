import { randomBytes } from 'node:crypto';
import { assertNever, type ErrorBody, type Event, type EventInput, type Op } from '../../shared/protocol';
import type { AlloPolicy } from '../policy';
import { CommandBucket, checkSocketCount } from '../policy/limits';
import { CompareDesk, type CompareLinkMode } from '../compare';
import { runOperation, type OperationContext, type SessionCommand } from '../sockets/operations';
import { SocketRegistry } from '../sockets/SocketRegistry';
import type { Reply, SocketEnv } from '../sockets/types';
import type { KernelSocket, SsTcpSocket } from '../kernel';
import type { Logger } from '../log';
import { type KernelTable, KernelTracker } from './kernelWatch';
import { EventLog } from './EventLog';
import { Outbox, type Transport } from './Outbox';

/** Whoever currently holds the session (a WebSocket connection); kicked out by a resume. */
export interface SessionOwner extends Transport {
  evict(): void;
  /** Closes the WebSocket on purpose with this close code (class mode: removed, class ended); it must not resume. */
  close?(code: number, reason: string): void;
}

/**
 * What a class (server/class) adds to a member's session: it answers the class
 * ops and may refuse any command first (frozen, not joined), sees every event,
 * and narrows the targets. Absent outside class mode.
 */
export interface SessionHooks {
  before(cmd: SessionCommand): Promise<Reply<Op> | undefined> | Reply<Op> | undefined;
  observe(event: Event): void;
  /** An error when this session may not call `address`:`port` over `proto` (checked after the server's policy). */
  narrow(address: string, port: number, proto: 'tcp' | 'udp' | undefined): ErrorBody | undefined;
  ended(): void;
}

/** Why a session ended (for the log). */
export type EndReason =
  | 'grace-expired' // its WebSocket was gone for resumeGraceMs
  | 'evicted-for-room' // the server (or its client) was full and it was the oldest detached session
  | 'server-closing'
  | 'class-removed' // class mode: the teacher removed this student
  | 'class-ended'; // class mode: the teacher ended the class

/**
 * A session's lifecycle: held by one connection, or waiting for one to come
 * back (since `since`, until its timer fires), or over for good.
 */
export type SessionState =
  | { phase: 'attached'; owner: SessionOwner }
  | { phase: 'grace'; since: number; timer: NodeJS.Timeout }
  | { phase: 'ended'; reason: EndReason };

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
  /** How every command of this session runs: its registry, its socket environment, its compare runs. */
  private readonly ops: OperationContext;
  private state: SessionState;
  /** What the kernel's table says about this session's sockets, open or closed but still held. */
  private readonly kernel = new KernelTracker((e, at) => this.emit(e, at));
  /** Class mode: the class this session belongs to (set once, at hello). */
  hooks: SessionHooks | undefined;

  constructor(
    readonly policy: AlloPolicy,
    /** The client (clientKey of its remote address) that holds it, or held it last. */
    public client: string,
    owner: SessionOwner,
    private readonly onEnd: (session: Session, reason: EndReason) => void,
    private readonly logger: Logger,
    compareLink: CompareLinkMode = 'auto',
  ) {
    this.state = { phase: 'attached', owner };
    const { limits } = policy;
    this.log = new EventLog({
      maxEvents: limits.maxEventsPerSession,
      maxBytes: limits.maxLogBytesPerSession,
      server: policy.memory,
    });
    this.outbox = new Outbox(this.log, limits.maxBufferedBytes, policy.memory);
    this.bucket = new CommandBucket(limits);
    const registry = this.registry;
    this.env = {
      policy: this.narrowed(policy),
      emit: (e, at) => this.emit(e, at),
      nextId: () => registry.nextId(),
      roomForSocket: () => checkSocketCount(registry.openCount, limits),
      register: (s) => registry.add(s),
      closed: (id, linger) => {
        registry.markClosed(id);
        this.kernel.closed(id, linger);
      },
    };
    const compares: CompareDesk = new CompareDesk({
      registry,
      maxSocketsPerSession: limits.maxSocketsPerSession,
      limits,
      run: (c) => runOperation(c, this.ops),
      emit: (e, at) => this.emit(e, at),
      signal: this.controller.signal,
      linkMode: compareLink,
    });
    this.ops = { registry, env: this.env, compares };
    this.controller.signal.addEventListener('abort', () => registry.destroyAll(), { once: true });
    this.outbox.attach(owner, 0);
  }

  /** The server's policy, with the class's narrowing of targets applied after it when there are hooks. */
  private narrowed(policy: AlloPolicy): AlloPolicy {
    const targets = policy.targets;
    return {
      ...policy,
      targets: {
        ...targets,
        checkTarget: async (host, port, family, proto, onResolved) => {
          const check = await targets.checkTarget(host, port, family, proto, onResolved);
          const refused = check.ok ? this.hooks?.narrow(check.address, port, proto) : undefined;
          return refused ? { ok: false, error: refused } : check;
        },
      },
      describe: () => policy.describe(),
    };
  }

  get phase(): SessionState['phase'] {
    return this.state.phase;
  }

  get ended(): boolean {
    return this.state.phase === 'ended';
  }

  /** When its WebSocket went away, if it is waiting to be resumed. */
  get detachedSince(): number | undefined {
    return this.state.phase === 'grace' ? this.state.since : undefined;
  }

  emit(input: EventInput, at = performance.now()): void {
    if (this.ended) return;
    // Monotonic clock, rounded to microseconds: enough for a timeline, compact on the wire.
    const t = Math.round((at - this.t0) * 1000) / 1000;
    const event = this.log.append(input, t);
    this.outbox.schedule();
    this.ops?.compares?.observe(input);
    this.hooks?.observe(event);
  }

  /** Reports what changed in the kernel's view of this session's sockets since the last sample (taken at `at`). */
  sampleKernel(table: KernelTable, at = performance.now(), info?: readonly SsTcpSocket[]): void {
    if (this.ended) return;
    this.kernel.sample(this.registry.sockets(), table, at, info);
  }

  /** Local ports of this session's TCP calls whose tcp_info (`ss -ti`) the next sample should read. */
  kernelTcpPorts(): Iterable<number> {
    return this.ended ? [] : this.kernel.tcpPorts(this.registry.sockets());
  }

  /** Adds the /proc/net tables (tcp, tcp6, udp, udp6) this session's sockets are in. */
  kernelTables(into: Set<string>): void {
    if (!this.ended) this.kernel.tablesOf(this.registry.sockets(), into);
  }

  /** Closed calls the kernel still holds (FIN_WAIT2, TIME_WAIT…) are still being followed. */
  get kernelFollowing(): boolean {
    return !this.ended && this.kernel.following;
  }

  /**
   * The command's outcome; a thrown error is a bug of ours, answered INTERNAL.
   * (maxCommandsPerSecond is taken from `bucket` at the edge, ws/connection.ts,
   * for every frame, valid or not.)
   */
  async run(cmd: SessionCommand): Promise<Reply<Op>> {
    try {
      const answered = this.hooks ? await this.hooks.before(cmd) : undefined;
      return answered ?? (await runOperation(cmd, this.ops));
    } catch (err) {
      this.logger.error({ event: 'internal-error', session: this.id, op: cmd.op, err }, `Internal error in ${cmd.op}`);
      return {
        ok: false,
        error: { code: 'INTERNAL', message: `Allô failed to do that (a bug): ${(err as Error).message}` },
      };
    }
  }

  get attached(): boolean {
    return this.state.phase === 'attached';
  }

  isOwnedBy(owner: SessionOwner): boolean {
    return this.state.phase === 'attached' && this.state.owner === owner;
  }

  /** Hands the session to a connection (a resume); events after `lastSeq` follow. */
  attach(owner: SessionOwner, lastSeq: number, client: string): void {
    const s = this.state;
    switch (s.phase) {
      case 'ended':
        return;
      case 'grace':
        clearTimeout(s.timer);
        break;
      case 'attached':
        if (s.owner !== owner) s.owner.evict();
        break;
      default:
        assertNever(s);
    }
    this.state = { phase: 'attached', owner };
    this.client = client;
    this.outbox.attach(owner, lastSeq);
  }

  /** Sends a reply or welcome to the current owner, after the events already produced. */
  send(frame: Parameters<Outbox['sendFrame']>[0]): void {
    this.outbox.sendFrame(frame);
  }

  /** The owner's WebSocket is gone: keep everything for `graceMs`, then end. */
  detach(owner: SessionOwner, graceMs: number): void {
    if (!this.isOwnedBy(owner)) return;
    this.outbox.detach();
    const timer = setTimeout(() => this.end('grace-expired'), graceMs);
    timer.unref();
    this.state = { phase: 'grace', since: performance.now(), timer };
  }

  /** Closes every socket of the session and forgets it. */
  end(reason: EndReason): void {
    const s = this.state;
    if (s.phase === 'ended') return;
    if (s.phase === 'grace') clearTimeout(s.timer);
    this.state = { phase: 'ended', reason };
    this.controller.abort();
    this.outbox.detach();
    this.log.release();
    this.onEnd(this, reason);
    this.hooks?.ended();
  }

  /** Says the last events, closes the WebSocket with `code` (it must not come back), and ends. */
  closeFor(code: number, why: string, reason: EndReason): void {
    if (this.ended) return;
    this.outbox.flush();
    if (this.state.phase === 'attached') this.state.owner.close?.(code, why);
    this.end(reason);
  }
}
