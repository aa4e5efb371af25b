/**
 * The compare additions to wire protocol v1: two commands, their results and
 * three event kinds. shared/protocol.ts appends them to its unions; they are
 * declared here, next to the logic that reads them, and documented in
 * docs/protocol.md ("Comparing TCP and UDP").
 */
import * as z from 'zod/mini';
import { CompareScript, LinkParams } from './link';

// protocol.ts imports this module to build its unions, so these few building
// blocks are declared again here (same shapes) instead of imported back from it:
// a cycle would leave them undefined while the schemas are being built.
const SocketId = z.string().check(z.minLength(1), z.maxLength(32));
const RunId = z.string().check(z.minLength(1), z.maxLength(32));
const Endpoint = z.object({ address: z.string(), port: z.int(), family: z.union([z.literal(4), z.literal(6)]) });
const CommandId = z.union([z.int().check(z.minimum(0)), z.string().check(z.minLength(1), z.maxLength(64))]);
const Lane = z.enum(['tcp', 'udp']);
export type Lane = z.infer<typeof Lane>;

/** The sockets of one run, as the session numbered them. The TCP receiver is the call the listener accepts. */
const RunSockets = z.object({
  tcp: z.object({ listener: SocketId, sender: SocketId }),
  udp: z.object({ receiver: SocketId, sender: SocketId }),
});

// ─── commands ───────────────────────────────────────────────────────────────

/** Starts a run: both lanes play `script` at the same time, each through its own relay degraded by `link`. */
const Label = z.string().check(z.minLength(1), z.maxLength(40));
/** Socket labels for a compare run, one per role. */
export const CompareLabels = z.strictObject({
  tcpReceiver: Label,
  tcpSender: Label,
  udpReceiver: Label,
  udpSender: Label,
});
export type CompareLabels = z.infer<typeof CompareLabels>;

export const CompareCommand = z.strictObject({
  id: CommandId,
  op: z.literal('compare'),
  script: CompareScript,
  link: LinkParams,
  family: z.optional(z.union([z.literal(4), z.literal(6)])),
  /** The names of the run's four sockets, in the page's language (default: English role names). */
  labels: z.optional(CompareLabels),
});
/** Stops the running compare run early; its sockets are closed and `compare-ended {reason: "stopped"}` follows. */
export const CompareStopCommand = z.strictObject({ id: CommandId, op: z.literal('compare-stop'), run: RunId });

export const CompareResults = {
  compare: z.object({ run: RunId, ...RunSockets.shape, relays: z.object({ tcp: Endpoint, udp: Endpoint }) }),
  'compare-stop': z.object({}),
};

// ─── events ─────────────────────────────────────────────────────────────────

const base = { seq: z.int().check(z.minimum(1)), t: z.number().check(z.minimum(0)) };

/** A run is set up (its sockets exist and the TCP call is connected); sending starts right after. */
export const CompareStartedEvent = z.object({
  ...base,
  kind: z.literal('compare-started'),
  run: RunId,
  script: CompareScript,
  link: LinkParams,
  ...RunSockets.shape,
  relays: z.object({ tcp: Endpoint, udp: Endpoint }),
});

/**
 * What the relay did to one datagram (UDP lane) or one chunk of the byte stream
 * (TCP lane), reported when it decides, i.e. when the bytes reach the relay.
 */
export const LinkEvent = z.object({
  ...base,
  kind: z.literal('link'),
  run: RunId,
  lane: Lane,
  /** The relay's own count of datagrams (or chunks) in this direction, from 1. */
  n: z.int().check(z.minimum(1)),
  action: z.enum(['forward', 'drop']),
  /** Why a datagram was dropped: the link lost it, or the queue in front of the bandwidth cap was full. */
  reason: z.optional(z.enum(['loss', 'queue'])),
  bytes: z.int().check(z.minimum(0)),
  /** Time from arrival at the relay to delivery. */
  delayMs: z.optional(z.number().check(z.minimum(0))),
  duplicate: z.optional(z.boolean()),
  reorder: z.optional(z.boolean()),
  /** The compare message number read from the datagram, when it carries one. */
  msg: z.optional(z.int().check(z.minimum(0))),
});

export const CompareEndedEvent = z.object({
  ...base,
  kind: z.literal('compare-ended'),
  run: RunId,
  /** done: every byte went through or the drain time passed; stopped: compare-stop; ended: the session ended; error: a socket failed. */
  reason: z.enum(['done', 'stopped', 'error']),
  message: z.optional(z.string()),
});
