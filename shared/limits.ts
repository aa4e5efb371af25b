/**
 * Named limits of an Allô server. One module, one declaration each: the server
 * enforces them in one place (server/policy), reports them in `welcome`, and the
 * client shows them. Every one can be changed with `--limit name=value`, within
 * the range `checkLimit` accepts; docs/server.md lists them all with their defaults.
 */
const SERVER_LIMITS = {
  /** Open sockets per session, accepted ones included. */
  maxSocketsPerSession: 32,
  /** Bytes in one `send` command, after decoding. */
  maxSendBytes: 64 * 1024,
  /** Commands per second per session (token bucket, this many tokens, refilled each second). */
  maxCommandsPerSecond: 200,
  /** Bytes written to a session's sockets that the kernel has not yet taken. */
  maxUnsentBytes: 1024 * 1024,
  /** Live sessions on one server (connected or waiting to be resumed). */
  maxSessions: 100,
  /** Largest WebSocket message the server accepts, fragments reassembled (ws `maxPayload`). */
  maxPayloadBytes: 256 * 1024,
  /** Bytes of each chunk copied into a `sent`/`received` event's preview. */
  previewBytes: 4096,
  /** Events a session keeps for replay and resume; older ones are shed and counted. */
  maxEventsPerSession: 100_000,
  /** WebSocket bytes queued for a browser before the server stops writing and waits (a session's outbox). */
  maxBufferedBytes: 4 * 1024 * 1024,
  /** How long a session whose WebSocket is gone waits to be resumed. */
  resumeGraceMs: 60_000,
  /** Ping interval; a peer that misses one pong is ended. */
  heartbeatMs: 15_000,

  // ─── Connections and clients: no lockout (issue 11 point 2) ───────────────
  /** How long a new WebSocket may wait before saying `hello`; then it is closed (close code 4001). */
  helloTimeoutMs: 5_000,
  /** Live sessions one client (remote address; all of loopback is one) may hold, WebSockets awaiting hello included. */
  maxSessionsPerClient: 50,
  /** WebSocket upgrades per second from one client (a bucket of that many, refilled continuously). */
  maxUpgradesPerSecondPerClient: 20,
} as const;

// ─── memory in bytes (issue 11, point 3) ─────────────────────────────────────
/**
 * Byte budgets, so memory is bounded in bytes and not only in events. An event's
 * bytes are estimated cheaply (server/sessions/eventBytes.ts: its preview's
 * string lengths plus a fixed overhead), close to what it costs on the heap.
 */
const BYTE_BUDGETS = {
  /** Estimated bytes of one session's replay log. Past it, previews of events already written are dropped, then the oldest events are shed. */
  maxLogBytesPerSession: 16 * 1024 * 1024,
  /** Estimated bytes of every session's replay log together; past it, a session above its share (this / maxSessions) trims itself. */
  maxLogBytes: 512 * 1024 * 1024,
  /** WebSocket bytes queued for every browser together (the sum of the outboxes); past it, every outbox waits. */
  maxOutboxBytes: 256 * 1024 * 1024,
} as const;

// ─── compare runs (formerly shared/compare/limits.ts) ────────────────────────
/**
 * What one person can ask the server to do with a single `compare` command: how
 * many messages, how fast, how big, how bad a link and how long. The page's link
 * controls and the wire schemas (shared/compare/link.ts) are built on these
 * defaults, so a server may tighten them (a lower max, a higher min), never
 * loosen them; the effective values are enforced by server/compare (LIMIT).
 */
const COMPARE = {
  /** Messages per lane in one run. */
  compareMaxCount: 500,
  /** Bytes per message: room for the "#0042:" header and a newline. */
  compareMinSize: 8,
  /** Bytes per message: below a typical Ethernet MTU, so a UDP datagram is never fragmented. */
  compareMaxSize: 1400,
  /** Pause between two sends; below it, timers on a busy server stop being honest. */
  compareMinIntervalMs: 5,
  compareMaxIntervalMs: 2000,
  /** One-way delay the link adds. */
  compareMaxDelayMs: 2000,
  compareMaxJitterMs: 1000,
  /** Bandwidth cap; 0 means no cap. */
  compareMinBandwidthKbps: 8,
  compareMaxBandwidthKbps: 1_000_000,
  /** A datagram that would wait longer than this in the link's queue is dropped (a full router buffer). */
  compareMaxQueueMs: 1000,
  /** Estimated length of a run (sending time or transmission time, plus delays). */
  compareMaxRunMs: 120_000,
  /** After the last send, how long the server waits for stragglers before ending the run anyway. */
  compareDrainMs: 5000,
} as const;

// ─── the class (`--class`, docs/class.md) ────────────────────────────────────
/** Per class and per student, on top of the session limits (each student is one session). */
const CLASS = {
  /** Students in one class (the teacher not counted); past it `class-join` is LIMIT. */
  classMaxStudents: 120,
  /** Names one member may have in the class directory at once. */
  classMaxPublishedPerStudent: 8,
} as const;

export const DEFAULT_LIMITS = { ...SERVER_LIMITS, ...BYTE_BUDGETS, ...COMPARE, ...CLASS } as const;

export type Limits = { -readonly [K in keyof typeof DEFAULT_LIMITS]: number };
export type LimitName = keyof Limits;

/** The compare limits under their short names, at their defaults: what the page and the wire schemas use. */
export const COMPARE_LIMITS = {
  maxCount: COMPARE.compareMaxCount,
  minSize: COMPARE.compareMinSize,
  maxSize: COMPARE.compareMaxSize,
  minIntervalMs: COMPARE.compareMinIntervalMs,
  maxIntervalMs: COMPARE.compareMaxIntervalMs,
  maxDelayMs: COMPARE.compareMaxDelayMs,
  maxJitterMs: COMPARE.compareMaxJitterMs,
  minBandwidthKbps: COMPARE.compareMinBandwidthKbps,
  maxBandwidthKbps: COMPARE.compareMaxBandwidthKbps,
  maxQueueMs: COMPARE.compareMaxQueueMs,
  maxRunMs: COMPARE.compareMaxRunMs,
  drainMs: COMPARE.compareDrainMs,
} as const;

/** Limits that may be 0 (no preview, no grace, nothing buffered before waiting); every other one is at least 1. */
const ZERO_ALLOWED: ReadonlySet<LimitName> = new Set(['previewBytes', 'resumeGraceMs', 'maxBufferedBytes']);

export function isLimitName(name: string): name is LimitName {
  return Object.hasOwn(DEFAULT_LIMITS, name);
}

/**
 * Why `value` cannot be the limit `name`, or undefined when it can. Every limit
 * is a whole number; a compare limit may only be tightened (see COMPARE above).
 */
export function checkLimit(name: LimitName, value: number): string | undefined {
  if (!Number.isSafeInteger(value)) return `${name} must be a whole number`;
  const min = ZERO_ALLOWED.has(name) ? 0 : 1;
  if (value < min) return `${name} must be at least ${min}`;
  const fallback = DEFAULT_LIMITS[name];
  if (name.startsWith('compareMax') && value > fallback) {
    return `${name} may be lowered, not raised above ${fallback} (the page's link controls are built for it)`;
  }
  if (name.startsWith('compareMin') && value < fallback) {
    return `${name} may be raised, not lowered below ${fallback} (the wire schema is built for it)`;
  }
  return undefined;
}

/** Pairs that must stay ordered after overrides: [lower, upper]. */
const ORDERED: [LimitName, LimitName][] = [
  ['compareMinSize', 'compareMaxSize'],
  ['compareMinIntervalMs', 'compareMaxIntervalMs'],
  ['compareMinBandwidthKbps', 'compareMaxBandwidthKbps'],
];

/** Why this whole set of limits cannot be used together, or undefined. */
export function checkLimitSet(limits: Limits): string | undefined {
  for (const [lower, upper] of ORDERED) {
    if (limits[lower] > limits[upper]) return `${lower} (${limits[lower]}) is above ${upper} (${limits[upper]})`;
  }
  return undefined;
}
