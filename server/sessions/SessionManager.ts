import type { ErrorBody } from '../../shared/protocol';
import type { AlloPolicy } from '../policy';
import { checkSessionCount } from '../policy/limits';
import type { CompareLinkMode } from '../compare';
import { Session } from './Session';

/** Every live session of the server (attached, or waiting to be resumed), by token. */
export class SessionManager {
  private readonly byToken = new Map<string, Session>();

  constructor(
    private readonly policy: AlloPolicy,
    private readonly compareLink: CompareLinkMode = 'auto',
  ) {}

  get size(): number {
    return this.byToken.size;
  }

  create(): Session | ErrorBody {
    const full = checkSessionCount(this.byToken.size, this.policy.limits);
    if (full) return full;
    const session = new Session(this.policy, (s) => this.byToken.delete(s.token), this.compareLink);
    this.byToken.set(session.token, session);
    return session;
  }

  resume(token: string): Session | undefined {
    return this.byToken.get(token);
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
    for (const s of [...this.byToken.values()]) s.end();
  }
}
