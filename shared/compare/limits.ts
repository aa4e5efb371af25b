/**
 * Named limits of a compare run. They bound what one person can ask the server
 * to do with a single `compare` command: how many messages, how fast, how big,
 * how bad a link and how long. Reported in the link controls and enforced by
 * the schemas in link.ts (INVALID) and by `checkRunLength` (LIMIT).
 */
export const COMPARE_LIMITS = {
  /** Messages per lane in one run. */
  maxCount: 500,
  /** Bytes per message: room for the "#0042:" header and a newline. */
  minSize: 8,
  /** Bytes per message: below a typical Ethernet MTU, so a UDP datagram is never fragmented. */
  maxSize: 1400,
  /** Pause between two sends; below it, timers on a busy server stop being honest. */
  minIntervalMs: 5,
  maxIntervalMs: 2000,
  /** One-way delay the link adds. */
  maxDelayMs: 2000,
  maxJitterMs: 1000,
  /** Bandwidth cap; 0 means no cap. */
  minBandwidthKbps: 8,
  maxBandwidthKbps: 1_000_000,
  /** A datagram that would wait longer than this in the link's queue is dropped (a full router buffer). */
  maxQueueMs: 1000,
  /** Estimated length of a run (sending time or transmission time, plus delays). */
  maxRunMs: 120_000,
  /** After the last send, how long the server waits for stragglers before ending the run anyway. */
  drainMs: 5000,
} as const;
