/**
 * Named limits of an Allô server. One module, one declaration each: the server
 * enforces them in one place (server/policy), reports them in `welcome`, and the
 * client shows them. Every one can be changed by the server's configuration.
 */
export const DEFAULT_LIMITS = {
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
  /** WebSocket bytes queued for a browser before the server stops writing and waits. */
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

export type Limits = { -readonly [K in keyof typeof DEFAULT_LIMITS]: number };
