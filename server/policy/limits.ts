/**
 * Every named limit of shared/limits.ts that is checked per command or per
 * connection is checked here, in one place, and answers the same way: an error
 * body with code LIMIT, the limit's name and a sentence saying what happened.
 * (maxPayloadBytes is enforced by ws itself, maxBufferedBytes and
 * maxEventsPerSession shape the outbox and event log rather than refuse
 * anything; see docs/server.md.)
 */
import type { CompareScript, LinkParams } from '../../shared/compare/link';
import { estimateRunMs } from '../../shared/compare/link';
import type { ErrorBody } from '../../shared/protocol';
import {
  DEFAULT_LIMITS,
  checkLimit,
  checkLimitSet,
  isLimitName,
  type LimitName,
  type Limits,
} from '../../shared/limits';

export type { LimitName };

export function limitError(limit: LimitName, message: string): ErrorBody {
  return { code: 'LIMIT', limit, message };
}

/**
 * The defaults with `overrides` applied; an unknown name or a value out of range
 * throws, naming the limit, so a server never starts with a limit it cannot honour.
 */
export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!isLimitName(name)) {
      throw new Error(`--limit: unknown limit "${name}"; known: ${Object.keys(DEFAULT_LIMITS).join(', ')}`);
    }
    const problem = checkLimit(name, value);
    if (problem) throw new Error(`--limit ${name}=${value}: ${problem}`);
  }
  const limits: Limits = { ...DEFAULT_LIMITS, ...overrides };
  const problem = checkLimitSet(limits);
  if (problem) throw new Error(`--limit: ${problem}`);
  return limits;
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

/**
 * A compare run against the server's compare limits. The wire schema already
 * holds it to the defaults; a server may have tightened them (--limit).
 */
export function checkCompareLimits(
  cmd: { script: CompareScript; link: LinkParams },
  limits: Limits,
): ErrorBody | undefined {
  const { script, link } = cmd;
  const over = (limit: LimitName, what: string, value: number, bound: number, unit: string, above: boolean) =>
    (above ? value > bound : value < bound)
      ? limitError(
          limit,
          `${what} is ${value} ${unit}; this server allows ${above ? 'at most' : 'at least'} ${bound} ${unit}.`,
        )
      : undefined;
  const estimate = estimateRunMs(script, link);
  if (estimate > limits.compareMaxRunMs) {
    return limitError(
      'compareMaxRunMs',
      `This run would take about ${Math.round(estimate / 1000)} s; a run may last at most ${limits.compareMaxRunMs / 1000} s. ` +
        'Send fewer or smaller messages, or raise the bandwidth.',
    );
  }
  return (
    over('compareMaxCount', 'The number of messages', script.count, limits.compareMaxCount, 'messages', true) ??
    over('compareMinSize', 'The message size', script.size, limits.compareMinSize, 'bytes', false) ??
    over('compareMaxSize', 'The message size', script.size, limits.compareMaxSize, 'bytes', true) ??
    over('compareMinIntervalMs', 'The interval', script.intervalMs, limits.compareMinIntervalMs, 'ms', false) ??
    over('compareMaxIntervalMs', 'The interval', script.intervalMs, limits.compareMaxIntervalMs, 'ms', true) ??
    over('compareMaxDelayMs', 'The delay', link.delayMs, limits.compareMaxDelayMs, 'ms', true) ??
    over('compareMaxJitterMs', 'The jitter', link.jitterMs, limits.compareMaxJitterMs, 'ms', true) ??
    (link.bandwidthKbps === 0
      ? undefined
      : (over(
          'compareMinBandwidthKbps',
          'The bandwidth cap',
          link.bandwidthKbps,
          limits.compareMinBandwidthKbps,
          'kbit/s',
          false,
        ) ??
        over(
          'compareMaxBandwidthKbps',
          'The bandwidth cap',
          link.bandwidthKbps,
          limits.compareMaxBandwidthKbps,
          'kbit/s',
          true,
        )))
  );
}
