import type { ErrorBody } from '../../shared/protocol';
import type { Logger } from '../log';
import type { AlloPolicy } from '../policy';
import { checkClientSessions, checkSessionCount } from '../policy/limits';
import type { CompareLinkMode } from '../compare';
import { type EndReason, Session, type SessionOwner } from './Session';

/**
 * Every live session of the server (attached, or waiting to be resumed), by
 * token, and the WebSockets that have not said hello yet (they hold a place
 * too, until helloTimeoutMs). Who may come in is decided here: at the upgrade
 * (`admit`) and at hello (`create`), where a full server ends its oldest
 * detached session rather than lock a newcomer out.
 */
export class SessionManager {
  private readonly byToken = new Map<string, Session>();
  /** WebSockets awaiting hello, per client. */
  private readonly awaiting = new Map<string, number>();
  private awaitingTotal = 0;

  constructor(
    private readonly policy: AlloPolicy,
    private readonly log: Logger,
    private readonly compareLink: CompareLinkMode = 'auto',
  ) {}

  get size(): number {
    return this.byToken.size;
  }

  /**
   * Whether a new WebSocket from `client` may open. Detached sessions do not
   * count (a newcomer may be their owner coming back, and a new session can
   * take their place); attached ones and WebSockets awaiting hello do.
   */
  admit(client: string): ErrorBody | undefined {
    const { limits } = this.policy;
    let attached = 0;
    let ofClient = this.awaiting.get(client) ?? 0;
    for (const s of this.byToken.values()) {
      if (!s.attached) continue;
      attached++;
      if (s.client === client) ofClient++;
    }
    return checkClientSessions(ofClient, limits) ?? checkSessionCount(attached + this.awaitingTotal, limits);
  }

  /** Counts a WebSocket awaiting hello; call the result once when it says hello or goes. */
  holdPlace(client: string): () => void {
    this.awaiting.set(client, (this.awaiting.get(client) ?? 0) + 1);
    this.awaitingTotal++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.awaitingTotal--;
      const n = (this.awaiting.get(client) ?? 1) - 1;
      if (n > 0) this.awaiting.set(client, n);
      else this.awaiting.delete(client);
    };
  }

  /**
   * A new session for `client`, attached to `owner`. Past maxSessionsPerClient
   * (or maxSessions) the oldest detached session of that client (or of the
   * server) is ended to make room; only when none is detached is it refused.
   */
  create(owner: SessionOwner, client: string): Session | ErrorBody {
    const { limits } = this.policy;
    const ofClient = () => [...this.byToken.values()].filter((s) => s.client === client);
    const refused =
      this.makeRoom(ofClient, () => checkClientSessions(ofClient().length, limits)) ??
      this.makeRoom(
        () => [...this.byToken.values()],
        () => checkSessionCount(this.byToken.size, limits),
      );
    if (refused) {
      this.log.warn(
        { event: 'refused', rule: refused.limit, client },
        `New session refused (${refused.limit}): ${refused.message}`,
      );
      return refused;
    }
    const session = new Session(
      this.policy,
      client,
      owner,
      (s, reason) => this.ended(s, reason),
      this.log,
      this.compareLink,
    );
    this.byToken.set(session.token, session);
    this.log.info(
      { event: 'session-start', session: session.id, client, sessions: this.byToken.size },
      `Session ${session.id} started (client ${client}; ${this.byToken.size} live)`,
    );
    return session;
  }

  /** Ends the oldest detached session among `among()` while `full()` says so. */
  private makeRoom(among: () => Session[], full: () => ErrorBody | undefined): ErrorBody | undefined {
    for (let refused = full(); refused; refused = full()) {
      let oldest: Session | undefined;
      for (const s of among()) {
        const since = s.detachedSince;
        if (since !== undefined && (oldest === undefined || since < oldest.detachedSince!)) oldest = s;
      }
      if (!oldest) return refused;
      oldest.end('evicted-for-room');
    }
    return undefined;
  }

  /** The session this token proves, attached to `owner`, or undefined if no live session has it. */
  /** The live session holding this token, without attaching anything to it (the pcap route's proof of ownership). */
  find(token: string): Session | undefined {
    return this.byToken.get(token);
  }

  resume(token: string, owner: SessionOwner, lastSeq: number, client: string): Session | undefined {
    const session = this.byToken.get(token);
    if (!session) {
      this.log.info({ event: 'resume-unknown', client }, `Resume refused: unknown session token (client ${client})`);
      return undefined;
    }
    const wasAttached = session.attached;
    session.attach(owner, lastSeq, client);
    this.log.info(
      { event: 'session-resume', session: session.id, client, lastSeq, tookOver: wasAttached },
      `Session ${session.id} resumed (client ${client}, after seq ${lastSeq})${wasAttached ? ', from another WebSocket' : ''}`,
    );
    return session;
  }

  private ended(session: Session, reason: EndReason): void {
    this.byToken.delete(session.token);
    this.log.info(
      { event: 'session-end', session: session.id, client: session.client, reason, events: session.log.lastSeq },
      `Session ${session.id} ended (${reason}; ${session.log.lastSeq} events)`,
    );
  }

  /** Sessions that have a WebSocket right now. */
  attachedCount(): number {
    let n = 0;
    for (const s of this.byToken.values()) if (s.attached) n++;
    return n;
  }

  all(): IterableIterator<Session> {
    return this.byToken.values();
  }

  /** Open sockets over all sessions (for stats and tests). */
  socketCount(): number {
    let n = 0;
    for (const s of this.byToken.values()) n += s.registry.openCount;
    return n;
  }

  endAll(): void {
    for (const s of [...this.byToken.values()]) s.end('server-closing');
  }
}
