/**
 * Every named limit of shared/limits.ts that is checked per command or per
 * connection is checked here, in one place, and answers the same way: an error
 * body with code LIMIT, the limit's name and a sentence saying what happened.
 * (maxPayloadBytes is enforced by ws itself, maxBufferedBytes and
 * maxEventsPerSession shape the outbox and event log rather than refuse
 * anything; see docs/server.md.)
 */
import type { ErrorBody } from '../../shared/protocol';
import { DEFAULT_LIMITS, type Limits } from '../../shared/limits';

export type LimitName = keyof Limits;

export function limitError(limit: LimitName, message: string): ErrorBody {
  return { code: 'LIMIT', limit, message };
}

export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  return { ...DEFAULT_LIMITS, ...overrides };
}

/** Open sockets of a session, accepted ones included, before one more is added. */
export function checkSocketCount(open: number, limits: Limits): ErrorBody | undefined {
  if (open < limits.maxSocketsPerSession) return undefined;
  return limitError(
    'maxSocketsPerSession',
    `This session already has ${open} open sockets, the most allowed (${limits.maxSocketsPerSession}). Close one first.`,
  );
}

export function checkSendBytes(bytes: number, limits: Limits): ErrorBody | undefined {
  if (bytes <= limits.maxSendBytes) return undefined;
  return limitError('maxSendBytes', `One send may carry at most ${limits.maxSendBytes} bytes; this one has ${bytes}.`);
}

/** Bytes already queued in Node (not yet taken by the kernel) plus the ones about to be written. */
export function checkUnsentBytes(unsent: number, adding: number, limits: Limits): ErrorBody | undefined {
  if (unsent + adding <= limits.maxUnsentBytes) return undefined;
  return limitError(
    'maxUnsentBytes',
    `${unsent} bytes of this session are still waiting to be sent (the receiver is not reading); ` +
      `adding ${adding} would pass the limit of ${limits.maxUnsentBytes}. Wait for the other side to read.`,
  );
}

export function checkSessionCount(live: number, limits: Limits): ErrorBody | undefined {
  if (live < limits.maxSessions) return undefined;
  return limitError(
    'maxSessions',
    `The server already has ${live} sessions, the most it allows (${limits.maxSessions}).`,
  );
}

/**
 * maxCommandsPerSecond as a token bucket: it holds up to that many commands and
 * refills continuously at that rate, so short bursts pass and floods do not.
 */
export class CommandBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly limits: Limits,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = limits.maxCommandsPerSecond;
    this.last = this.now();
  }

  take(): ErrorBody | undefined {
    const now = this.now();
    const rate = this.limits.maxCommandsPerSecond;
    this.tokens = Math.min(rate, this.tokens + ((now - this.last) / 1000) * rate);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return undefined;
    }
    return limitError('maxCommandsPerSecond', `Too many commands: at most ${rate} per second. Slow down a little.`);
  }
}

// ─── Connections and clients: no lockout (issue 11 point 2) ─────────────────

/** A client's live sessions (attached, plus WebSockets awaiting hello) before one more. */
export function checkClientSessions(live: number, limits: Limits): ErrorBody | undefined {
  if (live < limits.maxSessionsPerClient) return undefined;
  return limitError(
    'maxSessionsPerClient',
    `This computer already has ${live} sessions open on the server, the most allowed for one client ` +
      `(${limits.maxSessionsPerClient}). Close a tab first.`,
  );
}

export function upgradeRateError(limits: Limits): ErrorBody {
  return limitError(
    'maxUpgradesPerSecondPerClient',
    `Too many new connections from this computer: at most ${limits.maxUpgradesPerSecondPerClient} per second. Try again in a moment.`,
  );
}
